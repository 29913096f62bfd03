// The tools form: a tool and its argument added through the inputs end up in the document, and
// the server's error for the tool's URL is shown at that field.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { ToolsEditor } from "@/components/agent/ToolsEditor";
import type { AgentDocument, JsonObject } from "@/lib/api";
import { Stateful, withErrors } from "./harness";

afterEach(cleanup);

const base: AgentDocument = {
  agent_config: { agent_name: "a", tasks: [{ task_type: "conversation", tools_config: { llm_agent: { agent_type: "simple_llm_agent" } } }] },
};

function apiTools(doc: AgentDocument): JsonObject {
  return (doc.agent_config.tasks[0]?.tools_config as JsonObject).api_tools as JsonObject;
}

test("adding a tool and an argument through the form writes them into the document", async () => {
  let latest = base;
  render(<Stateful initial={base} errors={withErrors({})} onDoc={(d) => (latest = d)} render={(p) => <ToolsEditor {...p} onOpenJson={() => {}} />} />);
  expect(screen.getByText("None besides ending the call.")).toBeTruthy();
  fireEvent.click(screen.getByRole("button", { name: "Add tool" }));
  const tool = screen.getByRole("region", { name: "Tool new_tool" });
  // The keyboard lands in the new tool's name.
  await waitFor(() => expect(document.activeElement).toBe(within(tool).getByLabelText("Function name")));
  fireEvent.change(within(tool).getByLabelText("Function name"), { target: { value: "book_table" } });
  const renamed = screen.getByRole("region", { name: "Tool book_table" });
  fireEvent.click(within(renamed).getByRole("button", { name: "Add argument" }));
  await waitFor(() => expect(document.activeElement).toBe(within(renamed).getByLabelText("Argument 1 name")));
  fireEvent.change(within(renamed).getByLabelText("Argument 1 name"), { target: { value: "guests" } });
  fireEvent.change(within(renamed).getByLabelText("Argument 1 type"), { target: { value: "integer" } });
  fireEvent.click(within(renamed).getByRole("checkbox", { name: "required" }));
  fireEvent.change(within(renamed).getByLabelText(/^URL/), { target: { value: "https://example.com/book" } });
  expect(apiTools(latest)).toEqual({
    tools: [{ type: "function", function: { name: "book_table", description: "", parameters: { type: "object", properties: { guests: { type: "integer", description: "" } }, required: ["guests"] } } }],
    tools_params: { book_table: { url: "https://example.com/book", method: "POST" } },
  });
  fireEvent.click(within(renamed).getByRole("button", { name: "Remove the tool book_table" }));
  expect(apiTools(latest)).toBeUndefined();
});

test("allowed values are typed as a list, a trailing comma kept while typing", () => {
  let latest = base;
  render(<Stateful initial={base} errors={withErrors({})} onDoc={(d) => (latest = d)} render={(p) => <ToolsEditor {...p} onOpenJson={() => {}} />} />);
  fireEvent.click(screen.getByRole("button", { name: "Add tool" }));
  fireEvent.click(screen.getByRole("button", { name: "Add argument" }));
  const values = screen.getByLabelText("Argument 1 allowed values") as HTMLInputElement;
  fireEvent.change(values, { target: { value: "small, " } });
  expect(values.value).toBe("small, ");
  fireEvent.change(values, { target: { value: "small, large" } });
  const tool = (apiTools(latest).tools as JsonObject[])[0]?.function as JsonObject;
  expect((tool.parameters as JsonObject).properties).toEqual({ param: { type: "string", description: "", enum: ["small", "large"] } });
});

test("the server's error for a tool's URL is shown at that field", () => {
  const doc: AgentDocument = {
    agent_config: {
      agent_name: "a",
      tasks: [{ tools_config: { api_tools: { tools: [{ type: "function", function: { name: "f", description: "", parameters: {} } }], tools_params: { f: { url: "ftp://x" } } } } }],
    },
  };
  const errors = withErrors({ "$.agent_config.tasks[0].tools_config.api_tools.tools_params.f.url": "must be an http:// or https:// URL" });
  render(<ToolsEditor doc={doc} onChange={() => {}} errors={errors} onOpenJson={() => {}} />);
  const url = screen.getByLabelText(/^URL/);
  expect(url.getAttribute("aria-invalid")).toBe("true");
  const message = document.getElementById(url.getAttribute("aria-describedby")!.split(" ").pop()!);
  expect(message?.textContent).toBe("must be an http:// or https:// URL");
  expect(screen.getByLabelText("Function name").getAttribute("aria-invalid")).toBe("false");
});

test("tools stored as text that is not a list send the user to the JSON view", () => {
  const doc: AgentDocument = { agent_config: { agent_name: "a", tasks: [{ tools_config: { api_tools: { tools: "{oops" } } }] } };
  let opened = false;
  render(<ToolsEditor doc={doc} onChange={() => {}} errors={withErrors({})} onOpenJson={() => (opened = true)} />);
  fireEvent.click(screen.getByRole("button", { name: "Fix it in the JSON view" }));
  expect(opened).toBe(true);
  expect(screen.queryByRole("button", { name: "Add tool" })).toBeNull();
});

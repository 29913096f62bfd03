// The graph form: renaming a node through its id field renames it in the other nodes' edges and
// the start; edges are added and their kind changed; an error is shown in the node it names.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { GraphEditor } from "@/components/agent/GraphEditor";
import type { AgentDocument, JsonObject, Provider } from "@/lib/api";
import { Stateful, withErrors } from "./harness";

afterEach(cleanup);

const graph: JsonObject = {
  agent_information: "A shop",
  provider: "scripted",
  current_node_id: "menu",
  nodes: [
    { id: "menu", node_type: "router", edges: [{ to_node_id: "hours", condition: "asks for the hours" }, { to_node_id: "hours", condition_type: "unconditional" }] },
    { id: "hours", node_type: "static", static_message: "Nine to five.", edges: [] },
  ],
};
const base: AgentDocument = {
  agent_config: { agent_name: "g", tasks: [{ tools_config: { llm_agent: { agent_type: "graph_agent", agent_flow_type: "streaming", llm_config: graph } } }] },
};
const providers = [{ name: "scripted", display_name: "Scripted", kinds: ["llm"] }] as unknown as Provider[];

function config(doc: AgentDocument): JsonObject {
  const tools = doc.agent_config.tasks[0]?.tools_config as JsonObject;
  return (tools.llm_agent as JsonObject).llm_config as JsonObject;
}

test("renaming the start node renames it everywhere; a new edge from it takes the chosen kind", () => {
  let latest = base;
  render(<Stateful initial={base} errors={withErrors({})} onDoc={(d) => (latest = d)} render={(p) => <GraphEditor {...p} providers={providers} />} />);
  expect((screen.getByLabelText("Start node") as HTMLSelectElement).value).toBe("menu");
  const hours = screen.getByRole("region", { name: "Node hours" });
  expect((within(hours).getByLabelText("Message") as HTMLTextAreaElement).value).toBe("Nine to five.");
  fireEvent.change(within(hours).getByLabelText("Node id"), { target: { value: "opening" } });
  const menu = screen.getByRole("region", { name: "Node menu" });
  expect((within(menu).getByLabelText("Edge 1: to") as HTMLSelectElement).value).toBe("opening");
  const opening = screen.getByRole("region", { name: "Node opening" });
  fireEvent.click(within(opening).getByRole("button", { name: "Add edge" }));
  fireEvent.change(within(opening).getByLabelText("Edge 1: taken when"), { target: { value: "event" } });
  fireEvent.change(within(opening).getByLabelText("Edge 1: event name"), { target: { value: "payment_done" } });
  const nodes = config(latest).nodes as JsonObject[];
  expect((nodes[0]?.edges as JsonObject[]).map((e) => e.to_node_id)).toEqual(["opening", "opening"]);
  expect(nodes[1]?.edges).toEqual([{ to_node_id: "menu", condition: "", condition_type: "event", event_name: "payment_done" }]);
});

test("a static node turned into a router loses its message; removing a node removes the edges to it", () => {
  let latest = base;
  render(<Stateful initial={base} errors={withErrors({})} onDoc={(d) => (latest = d)} render={(p) => <GraphEditor {...p} providers={providers} />} />);
  const hours = screen.getByRole("region", { name: "Node hours" });
  fireEvent.change(within(hours).getByLabelText("Kind"), { target: { value: "router" } });
  expect(within(hours).queryByLabelText("Message")).toBeNull();
  expect((config(latest).nodes as JsonObject[])[1]).toEqual({ id: "hours", node_type: "router", edges: [] });
  fireEvent.click(within(hours).getByRole("button", { name: "Remove the node hours" }));
  expect((config(latest).nodes as JsonObject[])[0]?.edges).toEqual([]);
  expect(screen.queryByRole("region", { name: "Node hours" })).toBeNull();
});

test("the server's error about a node's edges is shown in that node", () => {
  const errors = withErrors({
    "$.agent_config.tasks[0].tools_config.llm_agent.llm_config.nodes[0].edges": "router node 'menu' needs an unconditional catch-all edge",
  });
  render(<GraphEditor doc={base} onChange={() => {}} errors={errors} providers={providers} />);
  const menu = screen.getByRole("region", { name: "Node menu" });
  expect(within(menu).getByTestId("field-error").textContent).toMatch(/catch-all/);
  expect(within(screen.getByRole("region", { name: "Node hours" })).queryByTestId("field-error")).toBeNull();
});

// The knowledge pages' forms report as done only what they sent: a name changed while a
// knowledge base is being created, or files chosen while others upload, stay in the form,
// not sent, rather than being dropped as if they had been.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, expect, test, vi } from "vitest";
import KnowledgePage from "@/app/knowledge/page";
import KnowledgeViewPage from "@/app/knowledge/view/page";
import type { KnowledgeBase, KnowledgeDocument } from "@/lib/api";
import { deferred, fakeServer, signedInTests, type Answer } from "./server";

const nav = vi.hoisted(() => ({ push: vi.fn(), replace: vi.fn(), search: "" }));
vi.mock("next/navigation", () => ({ useRouter: () => nav, usePathname: () => "/knowledge/", useSearchParams: () => new URLSearchParams(nav.search) }));

const AT = "2026-11-24T10:00:00.000Z";

function kb(id: string, name: string, document_count = 0): KnowledgeBase {
  return { id, name, embedding: null, document_count, version: 1, created_at: AT, updated_at: AT };
}

function doc(id: string, filename: string): KnowledgeDocument {
  return { id, knowledge_base_id: "kb-1", filename, content_type: "text/plain", size_bytes: 5, characters: 5, chunk_count: 1, created_at: AT };
}

signedInTests();
beforeEach(() => nav.push.mockClear());

test("a name changed while the knowledge base is being created stays in the open dialog", async () => {
  const server = fakeServer();
  const bases: KnowledgeBase[] = [];
  server.on("GET", "/v1/knowledge-bases", () => ({ body: { items: [...bases], total: bases.length, limit: 50, offset: 0 } }));
  const held = deferred<Answer>();
  server.on("POST", "/v1/knowledge-bases", () => held.promise);
  render(<KnowledgePage />);

  await screen.findByTestId("empty");
  fireEvent.click(screen.getByRole("button", { name: "New knowledge base" }));
  fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Menu" } });
  fireEvent.click(screen.getByRole("button", { name: "Create" }));
  await waitFor(() => expect(server.bodies("POST", "/v1/knowledge-bases")).toHaveLength(1));
  fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Menu 2027" } });
  bases.push(kb("kb-1", "Menu"));
  held.resolve({ status: 201, body: bases[0] });

  // "Menu" was created and is listed behind the dialog; the dialog keeps "Menu 2027", not sent.
  await screen.findByTestId("kb-list");
  await waitFor(() => expect(screen.getByRole("button", { name: "Create" })).toHaveProperty("disabled", false));
  expect(nav.push).not.toHaveBeenCalled();
  expect(screen.getByLabelText("Name")).toHaveProperty("value", "Menu 2027");
  const note = screen.getByTestId("unsaved-since");
  expect(note.textContent).toMatch(/“Menu” was created.*not in it/);
  expect(note.querySelector("a")?.getAttribute("href")).toMatch(/^\/knowledge\/view\/?\?id=kb-1$/);

  // With no change during the request, creating opens the new knowledge base as before.
  server.on("POST", "/v1/knowledge-bases", () => ({ status: 201, body: kb("kb-2", "Menu 2027") }));
  fireEvent.click(screen.getByRole("button", { name: "Create" }));
  await waitFor(() => expect(nav.push).toHaveBeenCalledWith("/knowledge/view/?id=kb-2"));
  expect(server.bodies("POST", "/v1/knowledge-bases")[1]).toEqual({ name: "Menu 2027", embedding: null });
});

test("files chosen while others upload stay chosen, to upload next", async () => {
  nav.search = "id=kb-1";
  const server = fakeServer();
  const docs: KnowledgeDocument[] = [];
  server.on("GET", "/v1/knowledge-bases/kb-1", () => ({ body: kb("kb-1", "Menu", docs.length) }));
  server.on("GET", "/v1/knowledge-bases/kb-1/documents", () => ({ body: { items: [...docs] } }));
  const held = deferred<Answer>();
  server.on("POST", "/v1/knowledge-bases/kb-1/documents", () => held.promise);
  render(<KnowledgeViewPage />);

  const input = await screen.findByLabelText(/^Files/);
  fireEvent.change(input, { target: { files: [new File(["hours"], "hours.txt", { type: "text/plain" })] } });
  fireEvent.click(screen.getByRole("button", { name: "Upload" }));
  await waitFor(() => expect(server.sent.filter((r) => r.method === "POST")).toHaveLength(1));
  fireEvent.change(input, { target: { files: [new File(["menu"], "menu.txt", { type: "text/plain" })] } });
  // The status names the file being uploaded, not the one just chosen.
  expect(screen.getByTestId("upload-status").textContent).toMatch(/hours\.txt/);
  docs.push(doc("doc-1", "hours.txt"));
  held.resolve({ status: 201, body: docs[0] });

  await waitFor(() => expect(screen.getByTestId("upload-status").textContent).toMatch(/Added 1 document/));
  await screen.findByText("hours.txt");
  const upload = screen.getByRole("button", { name: "Upload" });
  expect(upload).toHaveProperty("disabled", false);

  server.on("POST", "/v1/knowledge-bases/kb-1/documents", () => ({ status: 201, body: doc("doc-2", "menu.txt") }));
  fireEvent.click(upload);
  await waitFor(() => expect(server.sent.filter((r) => r.method === "POST")).toHaveLength(2));
  expect(server.sent.filter((r) => r.method === "POST").map((r) => r.query.get("filename"))).toEqual(["hours.txt", "menu.txt"]);
  await waitFor(() => expect(screen.getByRole("button", { name: "Upload" })).toHaveProperty("disabled", true));
});

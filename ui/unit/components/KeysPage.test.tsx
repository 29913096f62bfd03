// The provider keys page's "Add a provider key" dialog: what it reports as added is what it sent.
// A change typed while the key is being added is not in that key, so the dialog stays open with
// the change (saving it adds another key) instead of closing as if it had been saved.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import KeysPage from "@/app/keys/page";
import type { Provider, ProviderKey } from "@/lib/api";
import { deferred, fakeServer, signedInTests, type Answer } from "./server";

const nav = vi.hoisted(() => ({ push: () => {}, replace: () => {} }));
vi.mock("next/navigation", () => ({ useRouter: () => nav, usePathname: () => "/keys/", useSearchParams: () => new URLSearchParams() }));

const DEEPGRAM = {
  name: "deepgram",
  display_name: "Deepgram",
  kinds: ["stt"],
  local: false,
  credentials: [{ name: "api_key", label: "API key", secret: true, required: true }],
  available: true,
  capabilities: [],
  config_schema: {},
  config_schemas: {},
} as unknown as Provider;

function stored(id: string, name: string, apiKey: string): ProviderKey {
  return { id, provider: "deepgram", name, credentials: { api_key: `••••${apiKey.slice(-2)}` }, created_at: "2026-11-24T10:00:00.000Z", updated_at: "2026-11-24T10:00:00.000Z" };
}

signedInTests();

test("a key changed while it is being added stays in the open dialog, unsaved", async () => {
  const server = fakeServer();
  const keys: ProviderKey[] = [];
  server.on("GET", "/v1/providers", { body: { items: [DEEPGRAM] } });
  server.on("GET", "/v1/provider-keys", () => ({ body: { items: [...keys] } }));
  const held = deferred<Answer>();
  server.on("POST", "/v1/provider-keys", () => held.promise);
  render(<KeysPage />);

  fireEvent.click(await screen.findByRole("button", { name: "Add key" }));
  fireEvent.change(screen.getByLabelText("Label (optional)"), { target: { value: "Main" } });
  fireEvent.change(screen.getByLabelText("API key"), { target: { value: "dg-typo" } });
  fireEvent.click(screen.getByRole("button", { name: "Save key" }));
  await waitFor(() => expect(server.bodies("POST", "/v1/provider-keys")).toHaveLength(1));
  fireEvent.change(screen.getByLabelText("API key"), { target: { value: "dg-right" } });
  keys.push(stored("key-1", "Main", "dg-typo"));
  held.resolve({ status: 201, body: keys[0] });

  // The key as sent is added and listed; the dialog keeps the change, and says it is not saved.
  expect(within(await screen.findByTestId("key-list")).getByText("Main")).toBeTruthy();
  await waitFor(() => expect(screen.getByRole("button", { name: "Save key" })).toHaveProperty("disabled", false));
  expect(screen.getByLabelText("API key")).toHaveProperty("value", "dg-right");
  expect(screen.getByLabelText("Label (optional)")).toHaveProperty("value", "Main");
  expect(screen.getByTestId("unsaved-since").textContent).toMatch(/“Main” was added.*not saved/);

  // Saving it adds a second key with the change, and then the dialog closes.
  server.on("POST", "/v1/provider-keys", () => {
    keys.push(stored("key-2", "Main", "dg-right"));
    return { status: 201, body: keys[1] };
  });
  fireEvent.click(screen.getByRole("button", { name: "Save key" }));
  await waitFor(() => expect(screen.queryByLabelText("API key")).toBeNull());
  expect(server.bodies("POST", "/v1/provider-keys")).toEqual([
    { provider: "deepgram", name: "Main", credentials: { api_key: "dg-typo" } },
    { provider: "deepgram", name: "Main", credentials: { api_key: "dg-right" } },
  ]);
  await waitFor(() => expect(within(screen.getByTestId("key-list")).getAllByText("Main")).toHaveLength(2));
});

// The settings page's forms report as done only what they sent: a password or an API key's
// label changed while the request is in flight is kept in its field, not cleared as if saved.
// While an API key is being created, Create is busy: pressed again, it makes no second key.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import SettingsPage from "@/app/settings/page";
import type { ApiKeyCreated } from "@/lib/api";
import { deferred, fakeServer, signedInTests, USER, type Answer } from "./server";

const nav = vi.hoisted(() => ({ push: () => {}, replace: () => {} }));
vi.mock("next/navigation", () => ({ useRouter: () => nav, usePathname: () => "/settings/", useSearchParams: () => new URLSearchParams() }));

const SESSION = { access_token: "token-2", token_type: "Bearer", expires_in: 3600, user: USER };

function apiKey(id: string, name: string): ApiKeyCreated {
  return { id, name, key: `ovos_sk_${id}`, key_preview: "ovos_sk_…", created_at: "2026-11-24T10:00:00.000Z", last_used_at: null } as ApiKeyCreated;
}

signedInTests();

function setUp() {
  const server = fakeServer();
  server.on("GET", "/v1/api-keys", { body: { items: [] } });
  render(<SettingsPage />);
  return server;
}

test("a new password typed while the password is being changed is kept, and said not to be the one set", async () => {
  const server = setUp();
  const held = deferred<Answer>();
  server.on("POST", "/v1/users/me/password", () => held.promise);
  const current = await screen.findByLabelText("Current password");
  const next = screen.getByLabelText("New password");

  fireEvent.change(current, { target: { value: "old-secret" } });
  fireEvent.change(next, { target: { value: "new-secret-1" } });
  fireEvent.click(screen.getByRole("button", { name: "Change password" }));
  await waitFor(() => expect(server.bodies("POST", "/v1/users/me/password")).toHaveLength(1));
  fireEvent.change(next, { target: { value: "new-secret-2" } });
  held.resolve({ body: SESSION });

  await waitFor(() => expect(screen.getByRole("button", { name: "Change password" })).toHaveProperty("disabled", false));
  expect(next).toHaveProperty("value", "new-secret-2");
  expect(screen.queryByText("Password changed.")).toBeNull();
  expect(screen.getByTestId("password-changed").textContent).toMatch(/as it was sent.*not used/);
  expect(server.bodies("POST", "/v1/users/me/password")).toEqual([{ current_password: "old-secret", new_password: "new-secret-1" }]);
});

test("a password change with no edit in flight clears the fields and says so", async () => {
  const server = setUp();
  server.on("POST", "/v1/users/me/password", { body: SESSION });
  const current = await screen.findByLabelText("Current password");
  fireEvent.change(current, { target: { value: "old-secret" } });
  fireEvent.change(screen.getByLabelText("New password"), { target: { value: "new-secret-1" } });
  fireEvent.click(screen.getByRole("button", { name: "Change password" }));
  await screen.findByText("Password changed.");
  expect(current).toHaveProperty("value", "");
  expect(screen.getByLabelText("New password")).toHaveProperty("value", "");
});

/** The settings page with the label "ci" typed and Create pressed; the POST is held until `held` is answered. */
async function createHeldOpen() {
  const server = setUp();
  const held = deferred<Answer>();
  server.on("POST", "/v1/api-keys", () => held.promise);
  const label = await screen.findByLabelText("New key's label");
  const create = screen.getByRole("button", { name: "Create" });
  fireEvent.change(label, { target: { value: "ci" } });
  fireEvent.click(create);
  await waitFor(() => expect(server.bodies("POST", "/v1/api-keys")).toHaveLength(1));
  return { server, held, label, create };
}

test("a label typed while an API key is being created stays in the field", async () => {
  const { server, held, label } = await createHeldOpen();
  fireEvent.change(label, { target: { value: "ci nightly" } });
  held.resolve({ status: 201, body: apiKey("k1", "ci") });

  expect((await screen.findByTestId("new-api-key")).textContent).toBe("ovos_sk_k1");
  expect(label).toHaveProperty("value", "ci nightly");
  expect(server.bodies("POST", "/v1/api-keys")).toEqual([{ name: "ci" }]);

  // With no change during the request, the field is emptied for the next key.
  server.on("POST", "/v1/api-keys", { status: 201, body: apiKey("k2", "ci nightly") });
  fireEvent.click(screen.getByRole("button", { name: "Create" }));
  await waitFor(() => expect(screen.getByTestId("new-api-key").textContent).toBe("ovos_sk_k2"));
  expect(label).toHaveProperty("value", "");
});

test("pressing Create twice while the API key is being created sends one request and makes one key", async () => {
  const { server, held, label, create } = await createHeldOpen();
  fireEvent.click(create);
  expect(server.bodies("POST", "/v1/api-keys")).toHaveLength(1);
  expect(create).toHaveProperty("disabled", true);
  expect(create.textContent).toBe("Creating…");
  // Submitting the form another way (Enter, a script) sends nothing more either.
  fireEvent.submit(label.closest("form")!);
  held.resolve({ status: 201, body: apiKey("k1", "ci") });

  expect((await screen.findByTestId("new-api-key")).textContent).toBe("ovos_sk_k1");
  await waitFor(() => expect(create).toHaveProperty("disabled", false));
  expect(create.textContent).toBe("Create");
  expect(server.bodies("POST", "/v1/api-keys")).toEqual([{ name: "ci" }]);
});

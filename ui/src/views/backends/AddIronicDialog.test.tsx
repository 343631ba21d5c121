import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { IronicSignIn } from "../../ipc";
import {
  fakeApplicationCredential,
  fakeBackendRecord,
  fakeBackends,
  fakeIronicNodes,
  fakeKeystone,
  fakeKeystoneUser,
  type FakeBackends,
} from "../../ipc/fakeBackends";
import { App } from "../../app/App";
import { installFakeBackend } from "../../ipc/testing";
import { renderAppAndChooseLanguage } from "../../test/render";
import { openAddDialog, openSection, type User } from "./backendsTesting";

const url = "http://127.0.0.1:6385";
const keystoneUrl = "http://127.0.0.1:5000/v3";
const refused =
  "http://127.0.0.1:5000/v3/auth/tokens: Keystone refused the sign-in (HTTP 401): The request you have made requires authentication.";

/** An Ironic behind a Keystone that knows the fake user and application credential. */
function withKeystone(change: Partial<FakeBackends> = {}) {
  return installFakeBackend({
    backends: fakeBackends({
      network: { [url]: { apiVersion: "1.115", nodes: fakeIronicNodes(3) } },
      keystones: { [keystoneUrl]: fakeKeystone() },
      ...change,
    }),
  });
}

async function choosePassword(user: User, dialog: HTMLElement, password: string) {
  await user.type(within(dialog).getByLabelText("Ironic API URL"), url);
  await user.click(within(dialog).getByRole("radio", { name: "Keystone user and password" }));
  await user.type(within(dialog).getByLabelText("Keystone URL"), keystoneUrl);
  await user.type(within(dialog).getByLabelText("User"), fakeKeystoneUser.user);
  if (password !== "") await user.type(within(dialog).getByLabelText("Password"), password);
}

const signInsSent = (backend: ReturnType<typeof installFakeBackend>) =>
  backend.calls.filter((c) => c.cmd === "add_ironic_backend").map((c) => c.args);

describe("adding an Ironic behind Keystone", () => {
  it("offers the three ways to sign in, a standalone Ironic's first", async () => {
    withKeystone();
    const user = userEvent.setup();
    const dialog = await openAddDialog(user, await openSection());
    const group = within(dialog).getByRole("group", { name: "Sign-in" });
    expect(within(group).getAllByRole("radio").map((r) => r.getAttribute("value"))).toEqual([
      "none",
      "password",
      "applicationCredential",
    ]);
    expect(within(group).getByRole("radio", { name: "No authentication (standalone Ironic)" })).toBeChecked();
    expect(within(dialog).queryByLabelText("Keystone URL")).not.toBeInTheDocument();

    await user.click(within(group).getByRole("radio", { name: "Keystone user and password" }));
    expect(within(dialog).getByLabelText("Keystone URL")).toHaveAttribute("placeholder", keystoneUrl);
    const password = within(dialog).getByLabelText("Password");
    expect(password).toHaveAttribute("type", "password");
    expect(password).toHaveAttribute("autocomplete", "off");
    expect(within(dialog).getByLabelText("Project")).toHaveAccessibleDescription(
      "Leave empty for system scope, which sees the whole fleet; a project sees only its own nodes.",
    );
    expect(within(dialog).getByLabelText("User domain")).toHaveValue("Default");
    expect(within(dialog).getByLabelText("Project domain")).toHaveValue("Default");
  });

  it("signs in with a password, system-scoped, sending exactly that sign-in and keeping the password out of the record", async () => {
    const backend = withKeystone();
    const user = userEvent.setup();
    const section = await openSection();
    const dialog = await openAddDialog(user, section);
    await choosePassword(user, dialog, fakeKeystoneUser.password);
    await user.click(within(dialog).getByRole("button", { name: "Add" }));

    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    const expected: IronicSignIn = {
      kind: "password",
      authUrl: keystoneUrl,
      user: "racksmith",
      userDomain: "Default",
      project: null,
      projectDomain: "Default",
      password: "right-password",
    };
    expect(signInsSent(backend)).toEqual([{ url, signIn: expected }]);
    expect(within(section).getByRole("status")).toHaveTextContent(`Added ${url} (API 1.115).`);
    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    expect(within(row).getByRole("cell", { name: "Keystone password (user racksmith, system scope)" })).toBeInTheDocument();

    // The record keeps the non-secret half and where the secret is; the keyring the secret.
    const [record] = backend.backends.records;
    expect(record?.secretRef).toBe("keyring:ironic/backend-1");
    expect(JSON.parse(record?.auth ?? "")).toEqual({
      kind: "password",
      authUrl: keystoneUrl,
      user: "racksmith",
      userDomain: "Default",
      project: null,
      projectDomain: "Default",
    });
    expect(backend.backends.keyring).toEqual({ "ironic/backend-1": "right-password" });
    // What the list is given, and what it shows, never hold the password.
    expect(JSON.stringify(backend.backends.records)).not.toContain("right-password");
    expect(section).not.toHaveTextContent("right-password");
    expect(backend.audit.at(-1)).toMatchObject({
      action: "backend_add",
      target: url,
      params: JSON.stringify({ kind: "ironic", auth: "password", apiVersion: "1.115" }),
    });

    // Syncing signs in again with the keyring's secret.
    await user.click(within(row).getByRole("button", { name: "Sync now" }));
    await waitFor(() => {
      expect(within(section).getByRole("status")).toHaveTextContent(
        `Synced ${url} — 3 nodes: 3 added, 0 updated, 0 moved, 0 unchanged (API 1.115).`,
      );
    });
  });

  it("scopes to a project and leaves emptied domains to the backend's default", async () => {
    const backend = withKeystone();
    const user = userEvent.setup();
    const section = await openSection();
    const dialog = await openAddDialog(user, section);
    await choosePassword(user, dialog, fakeKeystoneUser.password);
    await user.type(within(dialog).getByLabelText("Project"), " ops ");
    await user.click(within(dialog).getByText("Domains"));
    await user.clear(within(dialog).getByLabelText("User domain"));
    await user.clear(within(dialog).getByLabelText("Project domain"));
    await user.type(within(dialog).getByLabelText("Project domain"), "dc1");
    await user.click(within(dialog).getByRole("button", { name: "Add" }));

    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    expect(signInsSent(backend)).toEqual([
      {
        url,
        signIn: {
          kind: "password",
          authUrl: keystoneUrl,
          user: "racksmith",
          userDomain: null,
          project: "ops",
          projectDomain: "dc1",
          password: "right-password",
        },
      },
    ]);
    expect(within(row).getByRole("cell", { name: "Keystone password (user racksmith, project ops)" })).toBeInTheDocument();
  });

  it("says what is missing and sends nothing, focusing the first thing to fix", async () => {
    const backend = withKeystone();
    const user = userEvent.setup();
    const dialog = await openAddDialog(user, await openSection());
    await user.type(within(dialog).getByLabelText("Ironic API URL"), url);
    await user.click(within(dialog).getByRole("radio", { name: "Keystone user and password" }));
    await user.type(within(dialog).getByLabelText("Keystone URL"), "127.0.0.1:5000");
    await user.click(within(dialog).getByRole("button", { name: "Add" }));

    expect(within(dialog).getAllByRole("alert").map((a) => a.textContent)).toEqual([
      "Write the Keystone URL starting with http:// or https://, for example http://127.0.0.1:5000/v3.",
      "Enter the Keystone user name.",
      "Enter the user's password.",
    ]);
    expect(within(dialog).getByLabelText("Keystone URL")).toHaveFocus();
    expect(within(dialog).getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByLabelText("Password")).toHaveAccessibleDescription("Enter the user's password.");

    // Only the password left: it alone is named, and still nothing is sent.
    await user.clear(within(dialog).getByLabelText("Keystone URL"));
    await user.type(within(dialog).getByLabelText("Keystone URL"), keystoneUrl);
    await user.type(within(dialog).getByLabelText("User"), "racksmith");
    await user.click(within(dialog).getByRole("button", { name: "Add" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Enter the user's password.");
    expect(within(dialog).getByLabelText("Password")).toHaveFocus();
    expect(signInsSent(backend)).toEqual([]);
  });

  it("shows Keystone's refusal of a wrong password and stays open, storing nothing", async () => {
    const backend = withKeystone();
    const user = userEvent.setup();
    const dialog = await openAddDialog(user, await openSection());
    await choosePassword(user, dialog, "wrong-password");
    await user.click(within(dialog).getByRole("button", { name: "Add" }));

    const alert = await within(dialog).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The Ironic could not be added" })).toBeInTheDocument();
    expect(alert).toHaveTextContent(refused);
    expect(alert).toHaveTextContent("login_refused");
    expect(screen.getByRole("dialog", { name: "Add an OpenStack Ironic" })).toBeInTheDocument();
    expect(backend.backends.records).toEqual([]);
    expect(backend.backends.keyring).toEqual({});

    // Retyping the password takes the old refusal away.
    await user.type(within(dialog).getByLabelText("Password"), "2");
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("names the Keystone URL that did not answer", async () => {
    withKeystone({ keystones: {} });
    const user = userEvent.setup();
    const dialog = await openAddDialog(user, await openSection());
    await choosePassword(user, dialog, fakeKeystoneUser.password);
    await user.click(within(dialog).getByRole("button", { name: "Add" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("http://127.0.0.1:5000/v3/auth/tokens: Keystone did not answer (connection refused)");
    expect(alert).toHaveTextContent("bmc_unreachable");
  });

  it("signs in with an application credential", async () => {
    const backend = withKeystone();
    const user = userEvent.setup();
    const section = await openSection();
    const dialog = await openAddDialog(user, section);
    await user.type(within(dialog).getByLabelText("Ironic API URL"), url);
    await user.click(within(dialog).getByRole("radio", { name: "Keystone application credential" }));
    expect(within(dialog).queryByLabelText("User")).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Add" }));
    expect(within(dialog).getAllByRole("alert").map((a) => a.textContent)).toEqual([
      "Write the Keystone URL starting with http:// or https://, for example http://127.0.0.1:5000/v3.",
      "Enter the application credential's ID.",
      "Enter the application credential's secret.",
    ]);
    expect(signInsSent(backend)).toEqual([]);

    await user.type(within(dialog).getByLabelText("Keystone URL"), "http://127.0.0.1:5000/");
    await user.type(within(dialog).getByLabelText("Credential ID"), fakeApplicationCredential.id);
    const secret = within(dialog).getByLabelText("Secret");
    expect(secret).toHaveAttribute("type", "password");
    await user.type(secret, fakeApplicationCredential.secret);
    await user.click(within(dialog).getByRole("button", { name: "Add" }));

    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    expect(signInsSent(backend)).toEqual([
      {
        url,
        signIn: {
          kind: "applicationCredential",
          authUrl: "http://127.0.0.1:5000/",
          id: fakeApplicationCredential.id,
          secret: fakeApplicationCredential.secret,
        },
      },
    ]);
    expect(within(row).getByRole("cell", { name: "Application credential (ID 3f2a9c71…)" })).toBeInTheDocument();
    expect(JSON.parse(backend.backends.records[0]?.auth ?? "")).toEqual({
      kind: "applicationCredential",
      authUrl: "http://127.0.0.1:5000/",
      id: fakeApplicationCredential.id,
    });
    expect(JSON.stringify(backend.backends.records)).not.toContain(fakeApplicationCredential.secret);
  });

  it("forgets what was typed when the dialog closes", async () => {
    withKeystone();
    const user = userEvent.setup();
    const section = await openSection();
    let dialog = await openAddDialog(user, section);
    await choosePassword(user, dialog, "typed-then-cancelled");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent("typed-then-cancelled");

    dialog = await openAddDialog(user, section);
    expect(within(dialog).getByRole("radio", { name: "No authentication (standalone Ironic)" })).toBeChecked();
    await user.click(within(dialog).getByRole("radio", { name: "Keystone user and password" }));
    expect(within(dialog).getByLabelText("Password")).toHaveValue("");
    expect(within(dialog).getByLabelText("User")).toHaveValue("");
  });

  it("keeps no refused password in the query client once the dialog closes", async () => {
    withKeystone();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    window.location.hash = "#/settings";
    render(
      <QueryClientProvider client={client}>
        <App />
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    const dialog = await openAddDialog(user, await screen.findByRole("region", { name: "Backends" }));
    await choosePassword(user, dialog, "wrong-password");
    await user.click(within(dialog).getByRole("button", { name: "Add" }));
    await within(dialog).findByText(refused);
    const holding = () => client.getMutationCache().getAll().filter((m) => JSON.stringify(m.state.variables ?? null).includes("wrong-password"));
    // While the dialog is open its request may be looked at; not after.
    expect(holding()).toHaveLength(1);

    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => {
      expect(holding()).toEqual([]);
    });
  });

  it("does not carry a password over to another way of signing in", async () => {
    const backend = withKeystone();
    const user = userEvent.setup();
    const dialog = await openAddDialog(user, await openSection());
    await choosePassword(user, dialog, fakeKeystoneUser.password);
    await user.click(within(dialog).getByRole("radio", { name: "Keystone application credential" }));
    await user.click(within(dialog).getByRole("radio", { name: "Keystone user and password" }));
    // The Keystone URL and user stay; the password is typed again.
    expect(within(dialog).getByLabelText("Keystone URL")).toHaveValue(keystoneUrl);
    expect(within(dialog).getByLabelText("User")).toHaveValue("racksmith");
    expect(within(dialog).getByLabelText("Password")).toHaveValue("");
    expect(signInsSent(backend)).toEqual([]);
  });
});

describe("the backends' sign-ins in the table", () => {
  it("describes each from its stored half, and shows a kind it does not know as it is", async () => {
    const auths = [
      { kind: "none" },
      { kind: "password", authUrl: keystoneUrl, user: "racksmith", userDomain: "Default", project: null, projectDomain: "Default" },
      { kind: "password", authUrl: keystoneUrl, user: "alice", userDomain: "Default", project: "ops", projectDomain: "Default" },
      { kind: "applicationCredential", authUrl: keystoneUrl, id: "abc123" },
      { kind: "token" },
    ];
    installFakeBackend({
      backends: fakeBackends({
        records: auths.map((auth, i) =>
          fakeBackendRecord(`http://ironic-${String(i)}:6385`, {
            auth: JSON.stringify(auth),
            secretRef: auth.kind === "none" ? null : `keyring:ironic/${String(i)}`,
          }),
        ),
      }),
    });
    const section = await openSection();
    const table = await within(section).findByRole("table", { name: "Connected backends" });
    const signIns = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => within(row).getAllByRole("cell")[2]?.textContent);
    expect(signIns).toEqual([
      "None",
      "Keystone password (user racksmith, system scope)",
      "Keystone password (user alice, project ops)",
      "Application credential (ID abc123)",
      "token",
    ]);
  });

  it("fails a sync whose password Keystone no longer takes, in Keystone's words", async () => {
    const auth = { kind: "password", authUrl: keystoneUrl, user: "racksmith", userDomain: "Default", project: null, projectDomain: "Default" };
    const record = fakeBackendRecord(url, { auth: JSON.stringify(auth), secretRef: "keyring:ironic/changed" });
    withKeystone({ records: [record], keyring: { "ironic/changed": "old-password" } });
    const user = userEvent.setup();
    const section = await openSection();
    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    await user.click(within(row).getByRole("button", { name: "Sync now" }));
    const alert = await within(section).findByRole("alert");
    expect(alert).toHaveTextContent(refused);
    expect(alert).toHaveTextContent("login_refused");
  });

  it("speaks Japanese", async () => {
    const auth = { kind: "password", authUrl: keystoneUrl, user: "racksmith", userDomain: "Default", project: null, projectDomain: "Default" };
    withKeystone({ records: [fakeBackendRecord(url, { auth: JSON.stringify(auth), secretRef: "keyring:ironic/1" })] });
    const user = userEvent.setup();
    await renderAppAndChooseLanguage(user, "ja");
    const section = await screen.findByRole("region", { name: "バックエンド" });
    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    expect(within(row).getByRole("cell", { name: "Keystone パスワード（ユーザー racksmith、システムスコープ）" })).toBeInTheDocument();

    await user.click(within(section).getByRole("button", { name: "Ironic を追加…" }));
    const dialog = screen.getByRole("dialog", { name: "OpenStack Ironic の追加" });
    expect(within(dialog).getByRole("radio", { name: "認証なし（スタンドアロンの Ironic）" })).toBeChecked();
    expect(within(dialog).getByRole("radio", { name: "Keystone アプリケーション認証情報" })).toBeInTheDocument();
    await user.click(within(dialog).getByRole("radio", { name: "Keystone のユーザーとパスワード" }));
    await user.type(within(dialog).getByLabelText("Ironic API の URL"), url);
    await user.click(within(dialog).getByRole("button", { name: "追加" }));
    expect(within(dialog).getAllByRole("alert").map((a) => a.textContent)).toEqual([
      "Keystone の URL は http:// または https:// で始めてください（例: http://127.0.0.1:5000/v3）。",
      "Keystone のユーザー名を入力してください。",
      "パスワードを入力してください。",
    ]);
    expect(within(dialog).getByLabelText("プロジェクト")).toHaveAccessibleDescription(/空欄にするとシステムスコープ/);
  });
});

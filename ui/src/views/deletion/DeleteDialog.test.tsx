import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../../ipc";
import { fakeServer, installFakeBackend, type FakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

function openDetail(server: ServerSummary, overrides: Partial<FakeBackend> = {}) {
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({ servers: [server], ...overrides });
}

async function openDeleteFromMoves(user: UserEvent) {
  const section = await screen.findByRole("region", { name: "Lifecycle" });
  const moves = within(section).getByRole("list", { name: "Move to another stage" });
  await user.click(await within(moves).findByRole("button", { name: "Move to Deletion" }));
  return screen.getByRole("dialog");
}

async function select(user: UserEvent, names: readonly string[]) {
  const table = await screen.findByRole("table", { name: "Servers on this tab" });
  for (const name of names) await user.click(within(table).getByRole("checkbox", { name: `Select ${name}` }));
}

describe("deleting a server", () => {
  it("from its stage moves: Delete stays disabled until the exact name is typed", async () => {
    const backend = openDetail(fakeServer("web-1", "in_service"));
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDeleteFromMoves(user);

    expect(dialog).toHaveAccessibleName("Delete web-1?");
    expect(dialog).toHaveTextContent("All data on this server's drives will be destroyed. It cannot be recovered.");
    expect(within(within(dialog).getByRole("list", { name: "The servers to delete" })).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "web-1",
    ]);
    const confirm = within(dialog).getByRole("textbox", { name: "To confirm, type the server's name: web-1" });
    expect(confirm).toHaveAttribute("data-testid", "delete-confirm");
    const start = within(dialog).getByRole("button", { name: "Delete" });
    expect(start).toHaveAttribute("data-testid", "delete-start");
    expect(start).toBeDisabled();

    for (const wrong of ["web-", "WEB-1", "web-1x"]) {
      await user.clear(confirm);
      await user.type(confirm, wrong);
      expect(start).toBeDisabled();
    }
    // Enter in the field submits the form; a wrong confirmation must not get through that way either.
    await user.type(confirm, "{Enter}");
    expect(backend.calls.some((c) => c.cmd === "start_deletion")).toBe(false);

    await user.clear(confirm);
    await user.type(confirm, "  web-1 ");
    expect(start).toBeEnabled();
    await user.type(within(dialog).getByRole("textbox", { name: "Reason (optional)" }), "contract ended");
    await user.click(start);

    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(backend.calls.find((c) => c.cmd === "start_deletion")?.args).toMatchObject({
      request: { servers: ["id-web-1"], confirm: "web-1", reason: "contract ended" },
    });
    // Never a plain move: the backend would refuse it.
    expect(backend.calls.some((c) => c.cmd === "move_stage")).toBe(false);
    expect(await screen.findByText("Job finished (Succeeded): 1 succeeded, 0 failed.")).toBeInTheDocument();
    expect(backend.servers[0]?.stage).toBe("inventory");
    expect(backend.audit.map((e) => `${e.action}:${e.outcome}`)).toContain("delete:ok");
  });

  it("with a confirmation the backend turns down: says so in words, stays open and changes nothing", async () => {
    const backend = openDetail(fakeServer("web-1", "in_service"), {
      failOnce: {
        start_deletion: {
          code: "confirmation_mismatch",
          message: "the confirmation must be the server's name, web-1; nothing was deleted",
        },
      },
    });
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDeleteFromMoves(user);
    await user.type(within(dialog).getByTestId("delete-confirm"), "web-1");
    await user.click(within(dialog).getByTestId("delete-start"));

    const alert = await within(dialog).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "Nothing was deleted" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("The typed confirmation does not match");
    expect(alert).toHaveTextContent("confirmation_mismatch: the confirmation must be the server's name, web-1");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    expect(backend.servers[0]?.stage).toBe("in_service");
    expect(backend.deletion.passes).toHaveLength(0);
    expect(backend.jobs).toHaveLength(0);

    // Closing forgets the refusal: the page does not go on about it.
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("several from Maintenance: Delete… asks for the number of servers", async () => {
    window.location.hash = "#/maintenance";
    const backend = installFakeBackend({
      servers: ["web-1", "web-2", "web-3"].map((name) => fakeServer(name, "maintenance_customer")),
    });
    const user = userEvent.setup();
    renderApp();
    await select(user, ["web-1", "web-3"]);
    await user.click(screen.getByRole("button", { name: "Delete…" }));

    const dialog = screen.getByRole("dialog", { name: "Delete 2 servers?" });
    expect(dialog).toHaveTextContent("All data on these servers' drives will be destroyed. It cannot be recovered.");
    expect(within(dialog).getByRole("list", { name: "The servers to delete" })).toHaveTextContent("web-1web-3");
    const confirm = within(dialog).getByRole("textbox", { name: "To confirm, type the number of servers: 2" });
    const start = within(dialog).getByRole("button", { name: "Delete 2 servers" });
    await user.type(confirm, "web-1");
    expect(start).toBeDisabled();
    await user.clear(confirm);
    await user.type(confirm, "3");
    expect(start).toBeDisabled();
    await user.clear(confirm);
    await user.type(confirm, "2");
    await user.click(start);

    expect(await screen.findByText("Job finished (Succeeded): 2 succeeded, 0 failed.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "start_deletion")?.args).toMatchObject({
      request: { servers: ["id-web-1", "id-web-3"], confirm: "2", reason: null },
    });
    expect(backend.servers.map((s) => `${s.name}:${s.stage}`)).toEqual([
      "web-1:inventory",
      "web-2:maintenance_customer",
      "web-3:inventory",
    ]);
  });

  it("names a server the stage keeps from deletion, and deletes none", async () => {
    window.location.hash = "#/maintenance";
    const hold = { by: "oscar", reason: "PSU swap", until: "2026-12-01T06:00:00Z", heldFrom: "in_service" as const };
    const backend = installFakeBackend({
      servers: [fakeServer("web-1", "maintenance_customer"), { ...fakeServer("web-2", "maintenance_operator"), hold }],
    });
    const user = userEvent.setup();
    renderApp();
    await select(user, ["web-1", "web-2"]);
    await user.click(screen.getByRole("button", { name: "Delete…" }));
    const dialog = screen.getByRole("dialog", { name: "Delete 2 servers?" });
    await user.type(within(dialog).getByTestId("delete-confirm"), "2");
    await user.click(within(dialog).getByTestId("delete-start"));

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("The server's stage does not allow this.");
    expect(alert).toHaveTextContent("web-2 is held");
    expect(alert).toHaveTextContent("nothing was deleted");
    expect(backend.servers.map((s) => s.stage)).toEqual(["maintenance_customer", "maintenance_operator"]);
    expect(backend.jobs).toHaveLength(0);
  });

  it("is offered only where a deletion starts: In service and Maintenance", async () => {
    window.location.hash = "#/building";
    installFakeBackend({ servers: [fakeServer("web-1", "building")] });
    const user = userEvent.setup();
    renderApp();
    await select(user, ["web-1"]);
    expect(screen.getByRole("group", { name: "Actions on the selected server" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete…" })).not.toBeInTheDocument();
  });

  it("reads in Japanese", async () => {
    const server = fakeServer("web-1", "in_service");
    window.location.hash = `#/servers/${server.id}`;
    installFakeBackend({ servers: [server], settings: { language: "ja", theme: "system" } });
    const user = userEvent.setup();
    renderApp();
    const section = await screen.findByRole("region", { name: "ライフサイクル" });
    await user.click(await within(section).findByRole("button", { name: "削除 へ移動" }));
    const dialog = screen.getByRole("dialog", { name: "web-1 を削除しますか？" });
    expect(dialog).toHaveTextContent("このサーバーのドライブ上のすべてのデータが消去されます。元に戻すことはできません。");
    expect(within(dialog).getByRole("textbox", { name: "確認のため、サーバー名を入力してください: web-1" })).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "削除" })).toBeDisabled();
  });
});

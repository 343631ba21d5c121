import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../ipc";
import { fakeServer, installFakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

function web1(stage: ServerSummary["stage"], change: Partial<ServerSummary> = {}): ServerSummary {
  return { ...fakeServer("web-1", stage), ...change };
}

function openDetail(server: ServerSummary, operator = false) {
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({ servers: [server], settings: { language: "en", theme: "system", operatorMode: operator } });
}

async function lifecycle() {
  return screen.findByRole("region", { name: "Lifecycle" });
}

async function moveButton(name: string) {
  const moves = within(await lifecycle()).getByRole("list", { name: "Move to another stage" });
  return within(moves).findByRole("button", { name });
}

function dialog() {
  return screen.getByRole("dialog");
}

describe("moving a server between stages", () => {
  it("asks why, says the move sends nothing to the server, and records it", async () => {
    const backend = openDetail(web1("building"));
    const user = userEvent.setup();
    renderApp();
    await user.click(await moveButton("Move to Inventory"));

    const confirm = within(dialog()).getByRole("button", { name: "Move to Inventory" });
    expect(dialog()).toHaveAccessibleName("Move web-1 to Inventory?");
    expect(dialog()).toHaveTextContent("The stage changes from Building to Inventory.");
    expect(dialog()).toHaveTextContent("recorded in the audit log with your user name and role (customer)");
    expect(dialog()).toHaveTextContent("What will not happen");
    expect(dialog()).toHaveTextContent("The power is not changed and the server is not rebooted.");
    expect(dialog()).toHaveTextContent("Nothing is sent to the BMC.");
    expect(confirm).toBeDisabled();
    await user.type(within(dialog()).getByRole("textbox", { name: "Reason (required)" }), "   ");
    expect(confirm).toBeDisabled();
    await user.type(within(dialog()).getByRole("textbox", { name: "Reason (required)" }), "build cancelled");
    await user.click(confirm);

    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(backend.calls.find((c) => c.cmd === "move_stage")?.args).toEqual({
      serverId: "id-web-1",
      request: { to: "inventory", reason: "build cancelled", holdUntil: null },
    });
    expect(await screen.findByText("Moved to Inventory.")).toBeInTheDocument();
    expect(await screen.findByText("Stage: Inventory")).toBeInTheDocument();
    const history = within(await lifecycle()).getByRole("table", { name: "Stage history" });
    expect(within(history).getAllByRole("row")[1]).toHaveTextContent("alice (customer)BuildingInventorybuild cancelled");
    expect(backend.audit.at(-1)).toMatchObject({ action: "stage_move", target: "web-1", outcome: "ok", actor: "alice" });
    // Nothing ran on the hardware.
    expect(backend.calls.some((c) => c.cmd === "start_job")).toBe(false);
  });

  it("never moves to Deletion plainly: it asks for the typed confirmation of a deletion", async () => {
    const backend = openDetail(web1("in_service"));
    const user = userEvent.setup();
    renderApp();
    await user.click(await moveButton("Move to Deletion"));
    expect(dialog()).toHaveAccessibleName("Delete web-1?");
    expect(within(dialog()).getByTestId("delete-start")).toBeDisabled();
    await user.click(within(dialog()).getByRole("button", { name: "Cancel" }));
    expect(backend.calls.some((c) => c.cmd === "move_stage" || c.cmd === "start_deletion")).toBe(false);
  });

  it("moves without a reason where none is needed", async () => {
    const backend = openDetail(web1("in_service"));
    const user = userEvent.setup();
    renderApp();
    await user.click(await moveButton("Move to Maintenance (customer)"));
    expect(within(dialog()).queryByRole("textbox")).not.toBeInTheDocument();
    await user.click(within(dialog()).getByRole("button", { name: "Move to Maintenance (customer)" }));
    expect(await screen.findByText("Stage: Maintenance (customer)")).toBeInTheDocument();
    expect(backend.servers[0]?.stage).toBe("maintenance_customer");
  });

  it("shows each move that is not open, disabled, with the reason in words", async () => {
    openDetail(web1("in_service"));
    renderApp();
    const toStock = await moveButton("Move to Inventory");
    expect(toStock).toBeDisabled();
    expect(toStock).toHaveAccessibleDescription(
      "The server's stage does not allow this. web-1 cannot move from In service to Inventory",
    );
    const hold = await moveButton("Move to Maintenance (operator hold)");
    expect(hold).toBeDisabled();
    expect(hold.closest("li")).toHaveTextContent("Only an operator can do this. only an operator can put a server on hold");
  });

  it("lets an operator hold a server until a time, then shows the hold", async () => {
    const backend = openDetail(web1("in_service"), true);
    const user = userEvent.setup();
    renderApp();
    await user.click(await moveButton("Move to Maintenance (operator hold)"));
    expect(dialog()).toHaveTextContent("An operator hold locks customer actions on this server until an operator releases it");
    expect(dialog()).toHaveTextContent("role (operator)");
    const confirm = within(dialog()).getByRole("button", { name: "Move to Maintenance (operator hold)" });
    await user.type(within(dialog()).getByRole("textbox", { name: "Reason (required)" }), "PSU swap");
    expect(confirm).toBeDisabled();
    expect(dialog()).toHaveTextContent("Write why, and until when it is held, before you confirm.");
    await user.type(within(dialog()).getByLabelText("Hold until (required)"), "2026-12-01T06:00");
    await user.click(confirm);

    const until = new Date("2026-12-01T06:00").toISOString().replace(".000Z", "Z");
    await waitFor(() => {
      expect(backend.calls.find((c) => c.cmd === "move_stage")?.args).toEqual({
        serverId: "id-web-1",
        request: { to: "maintenance_operator", reason: "PSU swap", holdUntil: until },
      });
    });
    const section = await lifecycle();
    expect(await within(section).findByText(/^Held by the operator alice until .*it returns to In service\.$/)).toBeInTheDocument();
    expect(section).toHaveTextContent("Reason for the hold: PSU swap");
    // Releasing returns it where it was held from, and nowhere else.
    expect(await moveButton("Move to In service")).toBeEnabled();
    expect(await moveButton("Move to Building")).toBeDisabled();
  });

  it("shows the backend's refusal, translated, and stays open", async () => {
    const backend = openDetail(web1("in_service"), true);
    const user = userEvent.setup();
    renderApp();
    await user.click(await moveButton("Move to Maintenance (operator hold)"));
    await user.type(within(dialog()).getByRole("textbox", { name: "Reason (required)" }), "PSU swap");
    await user.type(within(dialog()).getByLabelText("Hold until (required)"), "2026-12-01T06:00");
    // Operator mode was turned off meanwhile (in another window, or with rackctl).
    backend.settings = { ...backend.settings, operatorMode: false };
    await user.click(within(dialog()).getByRole("button", { name: "Move to Maintenance (operator hold)" }));

    const alert = await within(dialog()).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The server was not moved" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("Only an operator can do this.");
    expect(alert).toHaveTextContent("operator_only: only an operator can put a server on hold");
    expect(backend.servers[0]?.stage).toBe("in_service");
    expect(backend.audit.at(-1)).toMatchObject({ action: "stage_move", outcome: "refused" });
    await user.click(within(dialog()).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("locks a held server's moves for a customer and says who holds it", async () => {
    const hold = { by: "oscar", reason: "PSU swap", until: "2026-12-01T06:00:00Z", heldFrom: "in_service" as const };
    openDetail(web1("maintenance_operator", { hold }));
    renderApp();
    const back = await moveButton("Move to In service");
    expect(back).toBeDisabled();
    const reason = back.closest("li");
    expect(reason).toHaveTextContent(/^Move to In serviceAn operator holds this server; customer actions are locked until/);
    expect(reason).toHaveTextContent(/web-1 is held .*oscar until 2026-12-01T06:00:00Z \(PSU swap\)/);
    expect(await lifecycle()).toHaveTextContent("Reason for the hold: PSU swap");
  });
});

describe("a server's lifecycle dates", () => {
  it("are edited as YYYY-MM-DD and saved", async () => {
    const backend = openDetail(web1("in_service", { dates: { receivedOn: "2024-04-01", warrantyEnd: null, eoslOn: null } }));
    const user = userEvent.setup();
    renderApp();
    const section = await lifecycle();
    expect(section).toHaveTextContent("Received2024-04-01");
    await user.click(within(section).getByRole("button", { name: "Edit dates" }));
    const eosl = within(section).getByLabelText("End of support (EOSL)");
    await user.type(eosl, "2029-03-31");
    await user.clear(within(section).getByLabelText("Received"));
    await user.click(within(section).getByRole("button", { name: "Save dates" }));

    expect(await within(section).findByText("Dates saved.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "set_server_dates")?.args).toEqual({
      serverId: "id-web-1",
      dates: { receivedOn: null, warrantyEnd: null, eoslOn: "2029-03-31" },
    });
    await waitFor(() => {
      expect(section).toHaveTextContent("End of support (EOSL)2029-03-31");
    });
    expect(backend.audit.at(-1)).toMatchObject({ action: "set_dates", target: "web-1" });
  });
});

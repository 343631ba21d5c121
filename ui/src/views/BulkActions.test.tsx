import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../ipc";
import { fakeServer, installFakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

function maintenance(name: string): ServerSummary {
  return fakeServer(name, "maintenance_customer");
}

function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

async function select(user: UserEvent, names: readonly string[]) {
  const table = await screen.findByRole("table", { name: "Servers on this tab" });
  for (const name of names) await user.click(within(table).getByRole("checkbox", { name: `Select ${name}` }));
}

describe("actions on the servers selected on a stage tab", () => {
  it("are offered only once servers are selected", async () => {
    window.location.hash = "#/maintenance";
    installFakeBackend({ servers: [maintenance("web-1"), maintenance("web-2")] });
    const user = userEvent.setup();
    renderApp();
    await screen.findByRole("table", { name: "Servers on this tab" });
    expect(screen.queryByRole("group", { name: /^Actions on the/ })).not.toBeInTheDocument();
    await select(user, ["web-2"]);
    const group = screen.getByRole("group", { name: "Actions on the selected server" });
    expect(within(group).getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Power on",
      "Shut down (graceful)",
      "Restart (graceful)",
      "Force off",
      "Reset (force restart)",
      "Power cycle",
      "Locator LED on",
      "Locator LED off",
    ]);
    // One server is named in the question, as on its own page.
    await user.click(within(group).getByRole("button", { name: "Force off" }));
    expect(screen.getByRole("dialog", { name: "Force off: web-2?" })).toBeInTheDocument();
  });

  it("power cycle three servers as one job, after asking, with each server's result", async () => {
    window.location.hash = "#/maintenance";
    const gate = held();
    const backend = installFakeBackend({
      servers: [maintenance("web-1"), maintenance("web-2"), maintenance("web-3"), maintenance("db-1")],
      jobGate: () => gate.promise,
      jobFailures: {
        "id-web-2": { code: "bmc_timeout", message: "POST https://10.0.0.2/redfish/v1: no answer within 30 s" },
      },
    });
    const user = userEvent.setup();
    renderApp();
    await select(user, ["web-1", "web-2", "web-3"]);
    const group = screen.getByRole("group", { name: "Actions on the 3 selected servers" });
    await user.click(within(group).getByRole("button", { name: "Power cycle" }));

    const confirm = screen.getByRole("dialog", { name: "Power cycle 3 servers?" });
    expect(confirm).toHaveTextContent("The power is turned off and on again");
    const listed = within(confirm).getByRole("list", { name: "The servers selected" });
    expect(within(listed).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["web-1", "web-2", "web-3"]);
    expect(backend.calls.some((c) => c.cmd === "start_job")).toBe(false);
    await user.click(within(confirm).getByRole("button", { name: "Power cycle" }));

    expect(await screen.findByText("0 of 3 servers done")).toBeInTheDocument();
    const results = screen.getByRole("table", { name: "Result per server" });
    await waitFor(() => {
      expect(within(results).getAllByRole("row")).toHaveLength(4);
    });
    expect(within(results).getByRole("row", { name: /web-3/ })).toHaveTextContent("web-3Runningsending PowerCycle");
    expect(screen.getByRole("progressbar", { name: "Job progress" })).toHaveAttribute("value", "0");
    for (const b of within(group).getAllByRole("button")) expect(b).toBeDisabled();

    gate.release();
    expect(await screen.findByText("Job finished (Partly failed): 2 succeeded, 1 failed.")).toBeInTheDocument();
    expect(within(results).getByRole("row", { name: /web-1/ })).toHaveTextContent("web-1Succeededpower On");
    expect(within(results).getByRole("row", { name: /web-2/ })).toHaveTextContent(
      "web-2FailedThe BMC did not answer in time. POST https://10.0.0.2/redfish/v1: no answer within 30 s",
    );
    expect(within(results).getByRole("row", { name: /web-3/ })).toHaveTextContent("web-3Succeededpower On");
    const link = screen.getByRole("link", { name: "Open this job on the Jobs page" });
    expect(link).toHaveAttribute("href", "#/jobs/job-1");

    const started = backend.calls.filter((c) => c.cmd === "start_job").map((c) => c.args);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({
      request: { kind: { kind: "power", op: "power_cycle" }, servers: ["id-web-1", "id-web-2", "id-web-3"] },
    });
    expect(backend.audit.map((e) => `${e.action}:${e.target ?? ""}:${e.outcome}`).sort()).toEqual(
      [
        "job_started:job-1:started",
        "power_cycle:web-1:succeeded",
        "power_cycle:web-2:failed",
        "power_cycle:web-3:succeeded",
        "job_finished:job-1:partial",
      ].sort(),
    );
    await waitFor(() => {
      expect(within(group).getByRole("button", { name: "Power cycle" })).toBeEnabled();
    });
  });

  it("start nothing when one selected server does not allow it, and name that server", async () => {
    window.location.hash = "#/maintenance";
    const backend = installFakeBackend({ servers: [maintenance("web-1"), maintenance("web-2"), maintenance("web-3")] });
    const user = userEvent.setup();
    renderApp();
    await select(user, ["web-1", "web-2", "web-3"]);
    // Someone moved web-2 back to service since the tab was read.
    const web2 = backend.servers.find((s) => s.name === "web-2");
    if (web2) web2.stage = "in_service";
    const group = screen.getByRole("group", { name: "Actions on the 3 selected servers" });
    await user.click(within(group).getByRole("button", { name: "Restart (graceful)" }));

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The job could not start" })).toBeInTheDocument();
    // Translated, then the backend's words, which name the server; both in view, not under Details.
    expect(alert).toHaveTextContent(
      "This may reboot a server that is in service. Move it to Maintenance first; moving does not reboot it. " +
        "web-2 is in service and graceful_restart may reboot it",
    );
    expect(within(alert).getByText(/^web-2 is in service/)).toBeVisible();
    expect(alert).toHaveTextContent("Nothing was started");
    expect(backend.jobs).toHaveLength(0);
    expect(backend.servers.every((s) => s.powerState === "On")).toBe(true);
    // Only the refusal is recorded: no job, and no server after web-2 was even looked at.
    expect(backend.audit.map((e) => `${e.action}:${e.target ?? ""}:${e.outcome}`)).toEqual([
      "graceful_restart:web-2:refused",
    ]);
    expect(screen.queryByRole("table", { name: "Result per server" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Open this job on the Jobs page" })).not.toBeInTheDocument();
    // The tab is read again: web-2 has left it, and with it the selection.
    expect(await screen.findByRole("group", { name: "Actions on the 2 selected servers" })).toBeInTheDocument();
  });

  it("read in Japanese", async () => {
    window.location.hash = "#/maintenance";
    installFakeBackend({
      servers: [maintenance("web-1"), maintenance("web-2")],
      settings: { language: "ja", theme: "system" },
    });
    const user = userEvent.setup();
    renderApp();
    const table = await screen.findByRole("table", { name: "このタブのサーバー" });
    await user.click(within(table).getByRole("checkbox", { name: "web-1 を選択" }));
    await user.click(within(table).getByRole("checkbox", { name: "web-2 を選択" }));
    const group = screen.getByRole("group", { name: "選択した 2 台のサーバーへの操作" });
    await user.click(within(group).getByRole("button", { name: "電源再投入" }));
    const confirm = screen.getByRole("dialog", { name: "2 台のサーバーを電源再投入しますか？" });
    expect(within(confirm).getByRole("list", { name: "選択したサーバー" })).toHaveTextContent("web-1web-2");
  });
});

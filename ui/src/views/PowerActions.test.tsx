import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../ipc";
import { fakeServer, installFakeBackend, type FakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

function web1(stage: ServerSummary["stage"], change: Partial<ServerSummary> = {}): ServerSummary {
  return { ...fakeServer("web-1", stage), ...change };
}

function openDetail(server: ServerSummary, overrides: Partial<FakeBackend> = {}) {
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({ servers: [server], ...overrides });
}

async function actions() {
  const section = await screen.findByRole("region", { name: "Actions" });
  // The buttons wait for the backend's rules; Power on is allowed in every stage these tests use.
  await waitFor(() => {
    expect(within(section).getByRole("button", { name: "Locator LED on" })).toBeEnabled();
  });
  return section;
}

function button(section: HTMLElement, name: string) {
  return within(section).getByRole("button", { name });
}

function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe("a server's actions", () => {
  it("are enabled only where the stage allows them, each refusal said next to its button", async () => {
    openDetail(web1("in_service"));
    renderApp();
    const section = await actions();
    expect(button(section, "Power on")).toBeEnabled();
    expect(button(section, "Shut down (graceful)")).toBeEnabled();
    expect(button(section, "Locator LED off")).toBeEnabled();

    const restart = button(section, "Restart (graceful)");
    expect(restart).toBeDisabled();
    // Visible text, not a tooltip.
    expect(restart.closest("li")).toHaveTextContent(
      "This may reboot a server that is in service. Move it to Maintenance first; moving does not reboot it. " +
        "web-1 is in service and graceful_restart may reboot it",
    );
    for (const name of ["Reset (force restart)", "Power cycle"]) {
      expect(button(section, name).closest("li")).toHaveTextContent("Move it to Maintenance first");
    }
    const off = button(section, "Force off");
    expect(off).toBeDisabled();
    expect(off).toHaveAccessibleDescription("The server's stage does not allow this. force_off is not allowed in In service (web-1)");
  });

  it("are all disabled while the BMC did not answer at the last contact", async () => {
    openDetail(web1("maintenance_customer", { refreshError: "connection refused", refreshErrorCode: "bmc_unreachable", unreachable: true }));
    renderApp();
    const section = await screen.findByRole("region", { name: "Actions" });
    const on = within(section).getByRole("button", { name: "Power on" });
    await waitFor(() => {
      expect(on.closest("li")).toHaveTextContent("The BMC could not be reached");
    });
    for (const b of within(section).getAllByRole("button")) expect(b).toBeDisabled();
  });

  it("run as a job whose progress and per-server result show as they come", async () => {
    const gate = held();
    const backend = openDetail(web1("maintenance_customer", { powerState: "Off" }), { jobGate: () => gate.promise });
    const user = userEvent.setup();
    renderApp();
    const section = await actions();
    await user.click(button(section, "Power on"));

    expect(await within(section).findByText("0 of 1 servers done")).toBeInTheDocument();
    const results = within(section).getByRole("table", { name: "Result per server" });
    await waitFor(() => {
      expect(within(results).getByRole("row", { name: /web-1/ })).toHaveTextContent("web-1Runningsending On");
    });
    expect(within(section).getByRole("progressbar", { name: "Job progress" })).toHaveAttribute("value", "0");
    for (const b of within(section).getAllByRole("button")) expect(b).toBeDisabled();

    gate.release();
    expect(await within(section).findByText("Job finished (Succeeded): 1 succeeded, 0 failed.")).toBeInTheDocument();
    expect(within(results).getByRole("row", { name: /web-1/ })).toHaveTextContent("web-1Succeededpower On");
    expect(within(section).getByRole("link", { name: "Open this job on the Jobs page" })).toHaveAttribute("href", "#/jobs/job-1");
    expect(backend.calls.find((c) => c.cmd === "start_job")?.args).toMatchObject({
      request: { kind: { kind: "power", op: "on" }, servers: ["id-web-1"] },
    });
    expect(backend.servers[0]?.powerState).toBe("On");
    // The page's BMC access section reads the BMC's address, itself an audited access.
    const jobEntries = backend.audit.filter((e) => e.action !== "bmc_access");
    expect(jobEntries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      "job_started:started",
      "power_on:succeeded",
      "job_finished:succeeded",
    ]);
  });

  it("ask before cutting the power, and do nothing when cancelled", async () => {
    const backend = openDetail(web1("maintenance_customer"));
    const user = userEvent.setup();
    renderApp();
    const section = await actions();
    await user.click(button(section, "Force off"));
    const confirm = screen.getByRole("dialog", { name: "Force off: web-1?" });
    expect(confirm).toHaveTextContent("The power is cut at once. The operating system is not asked to shut down");
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.calls.some((c) => c.cmd === "start_job")).toBe(false);

    await user.click(button(section, "Power cycle"));
    await user.click(within(screen.getByRole("dialog", { name: "Power cycle: web-1?" })).getByRole("button", { name: "Power cycle" }));
    expect(await within(section).findByText("Job finished (Succeeded): 1 succeeded, 0 failed.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "start_job")?.args).toMatchObject({
      request: { kind: { kind: "power", op: "power_cycle" }, servers: ["id-web-1"] },
    });
  });

  it("show a server's failure translated, then in the BMC's words", async () => {
    openDetail(web1("maintenance_customer"), {
      jobFailures: {
        "id-web-1": { code: "bmc_timeout", message: "POST https://10.0.0.1/redfish/v1/Systems/1/Actions: no answer within 30 s" },
      },
    });
    const user = userEvent.setup();
    renderApp();
    const section = await actions();
    await user.click(button(section, "Locator LED on"));
    expect(await within(section).findByText("Job finished (Failed): 0 succeeded, 1 failed.")).toBeInTheDocument();
    expect(within(section).getByRole("row", { name: /web-1/ })).toHaveTextContent(
      "web-1FailedThe BMC did not answer in time. POST https://10.0.0.1/redfish/v1/Systems/1/Actions: no answer within 30 s",
    );
  });

  it("explain a job the backend refuses to start, translated", async () => {
    const backend = openDetail(web1("maintenance_customer"));
    const user = userEvent.setup();
    renderApp();
    const section = await actions();
    // Someone moved it back to service since the page read what it allows.
    const server = backend.servers[0];
    if (server) server.stage = "in_service";
    await user.click(button(section, "Restart (graceful)"));
    const alert = await within(section).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The job could not start" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("This may reboot a server that is in service. Move it to Maintenance first");
    expect(backend.audit.at(-1)).toMatchObject({ action: "graceful_restart", outcome: "refused", target: "web-1" });
    // What it allows is read again, so the button now says why not.
    await waitFor(() => {
      expect(button(section, "Restart (graceful)")).toBeDisabled();
    });
  });

  it("read in Japanese", async () => {
    window.location.hash = "#/servers/id-web-1";
    installFakeBackend({ servers: [web1("in_service")], settings: { language: "ja", theme: "system" } });
    renderApp();
    const section = await screen.findByRole("region", { name: "操作" });
    const restart = within(section).getByRole("button", { name: "再起動（正常終了）" });
    await waitFor(() => {
      expect(restart.closest("li")).toHaveTextContent("先にメンテナンスへ移動してください");
    });
    expect(within(section).getByRole("button", { name: "電源投入" })).toBeEnabled();
    expect(within(section).getByRole("button", { name: "ロケーター LED 点灯" })).toBeEnabled();
    const lifecycle = screen.getByRole("region", { name: "ライフサイクル" });
    expect(within(lifecycle).getByRole("button", { name: "削除 へ移動" })).toBeEnabled();
  });
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../../ipc";
import { fakeServer, installFakeBackend, type FakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

function openDetail(stage: ServerSummary["stage"], overrides: Partial<FakeBackend> = {}) {
  const server = fakeServer("web-1", stage);
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({ servers: [server], ...overrides });
}

/** The section once the BIOS is read and the server's rules are known. */
async function biosSection(editable = true) {
  const section = await screen.findByRole("region", { name: "BIOS settings" });
  const boot = await within(section).findByRole("combobox", { name: "Boot Mode" });
  if (editable) {
    await waitFor(() => {
      expect(boot).toBeEnabled();
    });
  }
  return section;
}

function rowOf(section: HTMLElement, name: RegExp) {
  return within(within(section).getByRole("table", { name: "BIOS attributes" })).getByRole("row", { name });
}

function changesList(section: HTMLElement) {
  return within(section).getByRole("list", { name: "Changes to apply" });
}

describe("the BIOS editor", () => {
  it("shows the backend's refusal of an out-of-range number next to it, and keeps Apply disabled", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await biosSection();
    const apply = within(section).getByRole("button", { name: "Apply BIOS settings" });
    expect(apply).toBeDisabled();
    expect(within(section).getByText("No changes yet. Change a value in the table to apply it.")).toBeInTheDocument();

    const delay = within(section).getByRole("spinbutton", { name: "AC Power Recovery Delay" });
    expect(delay).toHaveValue(120);
    expect(delay).toHaveAttribute("min", "60");
    expect(delay).toHaveAttribute("max", "600");
    await user.clear(delay);
    await user.type(delay, "900");

    const row = rowOf(section, /AcPwrRcvryUserDelay/);
    expect(
      await within(row).findByText("AcPwrRcvryUserDelay must be from 60 to 600; 900 is outside"),
    ).toBeInTheDocument();
    expect(row).toHaveTextContent("This value is out of range.");
    expect(delay).toBeInvalid();
    expect(within(section).getByText("1 of the values are refused; correct them before applying.")).toBeInTheDocument();
    expect(apply).toBeDisabled();
    // The diff says what Apply would send, from the value now.
    expect(changesList(section)).toHaveTextContent("AC Power Recovery Delay: 120 → 900");
    expect(backend.calls.filter((c) => c.cmd === "check_bios").at(-1)?.args).toMatchObject({
      check: { changes: { AcPwrRcvryUserDelay: 900 }, values: { AcPwrRcvryUserDelay: 120 } },
    });

    // A value the registry allows clears the refusal, and Apply is offered.
    await user.clear(delay);
    await user.type(delay, "300");
    await waitFor(() => {
      expect(apply).toBeEnabled();
    });
    expect(within(row).queryByText(/is outside/)).not.toBeInTheDocument();
    expect(changesList(section)).toHaveTextContent("AC Power Recovery Delay: 120 → 300");
    expect(backend.calls.some((c) => c.cmd === "set_bios")).toBe(false);
  });

  it("shows a value that breaks the pattern as refused, with the pattern as a hint", async () => {
    openDetail("maintenance_customer");
    const user = userEvent.setup();
    renderApp();
    const section = await biosSection();
    const tag = within(section).getByRole("textbox", { name: "Asset Tag" });
    expect(tag).toHaveAttribute("maxlength", "10");
    expect(rowOf(section, /AssetTag/)).toHaveTextContent("Must match the pattern ^[A-Za-z0-9-]*$");
    await user.type(tag, "rack 1");
    expect(await within(section).findByText('AssetTag must match ^[A-Za-z0-9-]*$; "rack 1" does not')).toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Apply BIOS settings" })).toBeDisabled();
  });

  it("applies on the next reset by default, then shows the values waiting for it", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await biosSection();
    const onReset = within(section).getByRole("radio", { name: "On next reset" });
    expect(onReset).toBeChecked();
    expect(within(section).getByRole("radio", { name: "Immediately (restarts the server)" })).not.toBeChecked();

    await user.selectOptions(within(section).getByRole("combobox", { name: "Boot Mode" }), "Bios");
    await user.type(within(section).getByRole("textbox", { name: "Asset Tag" }), "RACK-01");
    expect(changesList(section)).toHaveTextContent("Boot Mode: Uefi → Bios");
    expect(changesList(section)).toHaveTextContent("Asset Tag: (empty) → RACK-01");
    const apply = within(section).getByRole("button", { name: "Apply BIOS settings" });
    await waitFor(() => {
      expect(apply).toBeEnabled();
    });
    await user.click(apply);

    expect(await within(section).findByText("BIOS settings saved; 2 pending until the next reset.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "set_bios")?.args).toEqual({
      serverId: "id-web-1",
      change: { values: { BootMode: "Bios", AssetTag: "RACK-01" }, applyTime: "OnReset" },
    });
    // Current stays; the new value waits for the reset, in its row and in the list.
    const [current, waiting] = within(rowOf(section, /BootMode/)).getAllByRole("cell");
    expect(current).toHaveTextContent(/^Uefi$/);
    expect(waiting).toHaveTextContent(/^Bios$/);
    expect(within(section).getByRole("combobox", { name: "Boot Mode" })).toHaveValue("Bios");
    const pending = within(section).getByRole("list", { name: "Pending after next reset" });
    expect(pending).toHaveTextContent("Boot Mode: Bios");
    expect(pending).toHaveTextContent("Asset Tag: RACK-01");
    expect(within(section).queryByRole("list", { name: "Changes to apply" })).not.toBeInTheDocument();
    expect(backend.audit.at(-1)).toMatchObject({ action: "bios_set", outcome: "ok", target: "web-1" });
  });

  it("applies at once when asked to, restarting nothing in the editor's view but the values", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await biosSection();
    await user.click(within(section).getByRole("checkbox", { name: "SR-IOV Global Enable" }));
    await user.click(within(section).getByRole("radio", { name: "Immediately (restarts the server)" }));
    const apply = within(section).getByRole("button", { name: "Apply BIOS settings" });
    await waitFor(() => {
      expect(apply).toBeEnabled();
    });
    await user.click(apply);
    expect(await within(section).findByText("BIOS settings applied.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "set_bios")?.args).toMatchObject({
      change: { values: { SriovGlobalEnable: true }, applyTime: "Immediate" },
    });
    expect(within(rowOf(section, /SriovGlobalEnable/)).getAllByRole("cell")[0]).toHaveTextContent("Yes");
  });

  it("disables a locked attribute and a read-only one, each with its reason", async () => {
    openDetail("building");
    renderApp();
    const section = await biosSection();
    const cStates = within(section).getByRole("combobox", { name: "C-States" });
    expect(cStates).toBeDisabled();
    expect(cStates).toHaveAccessibleDescription(
      'Cannot be changed now: ProcCStates can only be changed when SysProfile is "Custom"',
    );
    const tag = within(section).getByRole("textbox", { name: "Service Tag" });
    expect(tag).toBeDisabled();
    expect(tag).toHaveValue("SN-web-1");
    expect(rowOf(section, /SystemServiceTag/)).toHaveTextContent("Cannot be changed now: SystemServiceTag is read-only");
    expect(within(section).getByRole("combobox", { name: "System Profile" })).toBeEnabled();
  });

  it("shows the values but allows no change outside Building and Maintenance, saying why", async () => {
    const backend = openDetail("in_service");
    renderApp();
    const section = await biosSection(false);
    await waitFor(() => {
      expect(section).toHaveTextContent(
        "BIOS settings cannot be changed now: This may reboot a server that is in service. Move it to Maintenance first",
      );
    });
    expect(section).toHaveTextContent("web-1 is in service and bios_settings may reboot it");
    expect(within(section).getByRole("combobox", { name: "Boot Mode" })).toHaveValue("Uefi");
    for (const input of [
      within(section).getByRole("combobox", { name: "Boot Mode" }),
      within(section).getByRole("spinbutton", { name: "AC Power Recovery Delay" }),
      within(section).getByRole("checkbox", { name: "SR-IOV Global Enable" }),
      within(section).getByRole("radio", { name: "On next reset" }),
    ]) {
      expect(input).toBeDisabled();
    }
    const apply = within(section).getByRole("button", { name: "Apply BIOS settings" });
    expect(apply).toBeDisabled();
    expect(apply).toHaveAccessibleDescription(/in service and bios_settings may reboot it/);
    expect(within(section).getByRole("button", { name: "Reset to defaults" })).toBeDisabled();
    expect(backend.calls.some((c) => c.cmd === "bios")).toBe(true);
  });

  it("shows the backend's refusal when the stage changed since the page read it", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await biosSection();
    await user.selectOptions(within(section).getByRole("combobox", { name: "Boot Mode" }), "Bios");
    const server = backend.servers[0];
    if (server) server.stage = "in_service";
    const apply = within(section).getByRole("button", { name: "Apply BIOS settings" });
    await waitFor(() => {
      expect(apply).toBeEnabled();
    });
    await user.click(apply);
    const alert = await within(section).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The BIOS settings were not applied" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("Move it to Maintenance first");
    expect(backend.audit.at(-1)).toMatchObject({ action: "bios_set", outcome: "refused" });
  });

  it("asks before resetting to defaults, and does nothing when cancelled", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await biosSection();
    await user.click(within(section).getByRole("button", { name: "Reset to defaults" }));
    const dialog = screen.getByRole("dialog", { name: "Reset the BIOS of web-1 to defaults?" });
    expect(dialog).toHaveTextContent("Every BIOS setting goes back to its factory default at the next reset");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.calls.some((c) => c.cmd === "reset_bios")).toBe(false);

    await user.click(within(section).getByRole("button", { name: "Reset to defaults" }));
    const again = screen.getByRole("dialog", { name: "Reset the BIOS of web-1 to defaults?" });
    await user.click(within(again).getByRole("button", { name: "Reset to defaults" }));
    expect(await within(section).findByText("BIOS defaults requested; 2 pending until the next reset.")).toBeInTheDocument();
    const pending = within(section).getByRole("list", { name: "Pending after next reset" });
    expect(pending).toHaveTextContent("System Profile: PerfPerWattOptimizedDapc");
    expect(pending).toHaveTextContent("AC Power Recovery Delay: 60");
    expect(backend.audit.at(-1)).toMatchObject({ action: "bios_reset_defaults", outcome: "ok" });
  });

  it("without a registry, edits values as text, checked by the BMC alone, with no apply time", async () => {
    const backend = openDetail("building", {
      bios: {
        "id-web-1": { registry: null, current: { BootMode: "Uefi", WatchdogSeconds: 5 }, pending: {}, applyTimes: [] },
      },
    });
    const user = userEvent.setup();
    renderApp();
    const section = await screen.findByRole("region", { name: "BIOS settings" });
    expect(
      await within(section).findByText(/This BMC publishes no attribute registry, so values are edited as plain text/),
    ).toBeInTheDocument();
    const seconds = within(section).getByRole("textbox", { name: "WatchdogSeconds" });
    await waitFor(() => {
      expect(seconds).toBeEnabled();
    });
    expect(within(section).queryByRole("radio")).not.toBeInTheDocument();
    await user.clear(seconds);
    await user.type(seconds, "7");
    const apply = within(section).getByRole("button", { name: "Apply BIOS settings" });
    await waitFor(() => {
      expect(apply).toBeEnabled();
    });
    await user.click(apply);
    expect(await within(section).findByText("BIOS settings saved; 1 pending until the next reset.")).toBeInTheDocument();
    // Typed as text, sent as the number it was.
    expect(backend.calls.find((c) => c.cmd === "set_bios")?.args).toMatchObject({
      change: { values: { WatchdogSeconds: 7 }, applyTime: null },
    });
    expect(backend.calls.some((c) => c.cmd === "check_bios")).toBe(false);
  });
});

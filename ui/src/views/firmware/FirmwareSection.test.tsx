import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../../ipc";
import { fakeFirmware, fakeServerFirmware } from "../../ipc/fakeFirmware";
import { fakeServer, installFakeBackend, type FakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

function openDetail(stage: ServerSummary["stage"], overrides: Partial<FakeBackend> = {}) {
  const server = fakeServer("web-1", stage);
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({ servers: [server], ...overrides });
}

/** The section once the firmware is read from the BMC. */
async function firmwareSection() {
  const section = await screen.findByRole("region", { name: "Firmware updates" });
  await within(section).findByRole("table", { name: "Firmware components" });
  return section;
}

function row(section: HTMLElement, name: RegExp) {
  return within(within(section).getByRole("table", { name: "Firmware components" })).getByRole("row", { name });
}

async function enabled(section: HTMLElement, name: string) {
  const button = within(section).getByRole("button", { name });
  await waitFor(() => {
    expect(button).toBeEnabled();
  });
  return button;
}

function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe("a server's firmware", () => {
  it("lists each component against the baseline, drift said in words, and where the baseline is", async () => {
    openDetail("building");
    renderApp();
    const section = await firmwareSection();
    expect(row(section, /System BIOS/)).toHaveTextContent("System BIOS (BIOS)2.19.22.30.1Differs from the baseline");
    expect(row(section, /BMC firmware/)).toHaveTextContent("BMC firmware (BMC)7.4.297.4.29Matches the baseline");
    expect(row(section, /NIC\.1/)).toHaveTextContent("22.13.1—Not in the baseline");
    expect(section).toHaveTextContent("Components that differ from the baseline: 1.");
    expect(section).toHaveTextContent("Baseline file/profiles/test/firmware-baseline.toml");
    expect(section).toHaveTextContent("ModelR650");
    expect(section).not.toHaveTextContent("names no entry");
  });

  it("says when the baseline names no entry for the model, with the file to add it to", async () => {
    openDetail("building", { firmware: fakeFirmware({ baseline: { "RS-220 Storage": { BIOS: "2.30.1" } } }) });
    renderApp();
    const section = await firmwareSection();
    expect(section).toHaveTextContent(
      'The baseline file names no entry for the model R650, so nothing here is compared with a baseline. To compare, add a ["R650"] table',
    );
    expect(section).toHaveTextContent("to /profiles/test/firmware-baseline.toml.");
    expect(row(section, /System BIOS/)).toHaveTextContent("Not in the baseline");
    expect(section).not.toHaveTextContent("Differs from the baseline");
  });

  it("shows a failed read with the BMC's words, and reads again on request", async () => {
    const backend = openDetail("building", {
      failOnce: { firmware: { code: "bmc_unreachable", message: "https://127.0.0.1:8443: connection refused" } },
    });
    const user = userEvent.setup();
    renderApp();
    const section = await screen.findByRole("region", { name: "Firmware updates" });
    const alert = await within(section).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The firmware could not be read" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("The BMC could not be reached");
    expect(alert).toHaveTextContent("connection refused");
    expect(within(section).getByRole("button", { name: "Update firmware…" })).toBeDisabled();

    await user.click(within(section).getByRole("button", { name: "Read firmware again" }));
    expect(await within(section).findByRole("table", { name: "Firmware components" })).toBeInTheDocument();
    expect(within(section).queryByRole("alert")).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c.cmd === "firmware")).toHaveLength(2);
  });

  it("updates from a URL as a maintenance job: its step, then the result, then the table read again", async () => {
    const gate = held();
    const backend = openDetail("building", { jobGate: () => gate.promise });
    const user = userEvent.setup();
    renderApp();
    const section = await firmwareSection();
    await user.click(await enabled(section, "Update firmware…"));

    const dialog = screen.getByRole("dialog", { name: "Update firmware: web-1" });
    expect(within(dialog).getByRole("radio", { name: "Image URL" })).toBeChecked();
    expect(within(dialog).getByRole("radio", { name: "Local file" })).not.toBeChecked();
    expect(dialog).toHaveTextContent("the server or the BMC may restart to finish");
    const confirm = within(dialog).getByRole("button", { name: "Update firmware" });
    expect(confirm).toBeDisabled();
    const url = "https://files.example.net/bios-2.30.1.bin";
    await user.type(within(dialog).getByRole("textbox", { name: "Image URL" }), url);
    await user.click(confirm);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    const results = await within(section).findByRole("table", { name: "Result per server" });
    await waitFor(() => {
      expect(within(results).getByRole("row", { name: /web-1/ })).toHaveTextContent(`web-1Runningtask 1 of 1: firmware from ${url}`);
    });
    expect(within(section).getByRole("button", { name: "Update firmware…" })).toBeDisabled();
    expect(within(section).getByRole("button", { name: "Reset BMC…" })).toBeDisabled();

    const reads = backend.calls.filter((c) => c.cmd === "firmware").length;
    gate.release();
    expect(await within(section).findByText("Job finished (Succeeded): 1 succeeded, 0 failed.")).toBeInTheDocument();
    expect(within(results).getByRole("row", { name: /web-1/ })).toHaveTextContent("web-1SucceededBIOS 2.19.2 → 2.30.1");
    await waitFor(() => {
      expect(row(section, /System BIOS/)).toHaveTextContent("System BIOS (BIOS)2.30.12.30.1Matches the baseline");
    });
    expect(backend.calls.filter((c) => c.cmd === "firmware").length).toBeGreaterThan(reads);
    expect(section).toHaveTextContent("Every component the baseline names matches it.");
    expect(backend.calls.find((c) => c.cmd === "start_job")?.args).toMatchObject({
      request: { kind: { kind: "maintenance", tasks: [{ kind: "firmware", imageUrl: url }] }, servers: ["id-web-1"] },
    });
    // The page's BMC access section reads the BMC's address, itself an audited access.
    const jobEntries = backend.audit.filter((e) => e.action !== "bmc_access");
    expect(jobEntries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      "job_started:started",
      "maintenance:succeeded",
      "job_finished:succeeded",
    ]);
  });

  it("updates from a local file chosen with the file dialog", async () => {
    const backend = openDetail("maintenance_customer", {
      firmware: fakeFirmware({ chosenFile: "/home/alice/nic.1-22.14.0.bin" }),
    });
    const user = userEvent.setup();
    renderApp();
    const section = await firmwareSection();
    await user.click(await enabled(section, "Update firmware…"));
    const dialog = screen.getByRole("dialog", { name: "Update firmware: web-1" });
    await user.click(within(dialog).getByRole("radio", { name: "Local file" }));
    expect(dialog).toHaveTextContent("Racksmith reads the file on this computer and uploads it to the BMC.");
    await user.click(within(dialog).getByRole("button", { name: "Choose file…" }));
    await waitFor(() => {
      expect(within(dialog).getByRole("textbox", { name: "Firmware file" })).toHaveValue("/home/alice/nic.1-22.14.0.bin");
    });
    await user.click(within(dialog).getByRole("button", { name: "Update firmware" }));

    expect(await within(section).findByText("Job finished (Succeeded): 1 succeeded, 0 failed.")).toBeInTheDocument();
    const results = within(section).getByRole("table", { name: "Result per server" });
    expect(within(results).getByRole("row", { name: /web-1/ })).toHaveTextContent("NIC.1 22.13.1 → 22.14.0");
    await waitFor(() => {
      expect(row(section, /NIC\.1/)).toHaveTextContent("22.14.0");
    });
    expect(backend.calls.filter((c) => c.cmd === "choose_firmware_file")).toHaveLength(1);
    expect(backend.calls.find((c) => c.cmd === "start_job")?.args).toMatchObject({
      request: { kind: { kind: "maintenance", tasks: [{ kind: "firmwareFile", path: "/home/alice/nic.1-22.14.0.bin" }] } },
    });
  });

  it("offers only the ways the BMC takes an image", async () => {
    const urlOnly = { ...fakeServerFirmware(), canUpload: false };
    openDetail("building", { firmware: fakeFirmware({ servers: { "id-web-1": urlOnly } }) });
    const user = userEvent.setup();
    renderApp();
    const section = await firmwareSection();
    await user.click(await enabled(section, "Update firmware…"));
    const dialog = screen.getByRole("dialog", { name: "Update firmware: web-1" });
    expect(within(dialog).getByRole("radio", { name: "Image URL" })).toBeChecked();
    expect(within(dialog).queryByRole("radio", { name: "Local file" })).not.toBeInTheDocument();
    expect(dialog).toHaveTextContent("This BMC does not take uploaded images; give a URL.");
  });

  it("shows a refused update and keeps what was typed for another try", async () => {
    openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await firmwareSection();
    await user.click(await enabled(section, "Update firmware…"));
    const dialog = screen.getByRole("dialog", { name: "Update firmware: web-1" });
    await user.type(within(dialog).getByRole("textbox", { name: "Image URL" }), "ftp://files.example.net/bios.bin");
    await user.click(within(dialog).getByRole("button", { name: "Update firmware" }));

    const alert = await within(section).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The job could not start" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("The request was not valid.");
    expect(alert).toHaveTextContent("BMCs fetch firmware over http or https");

    await user.click(within(section).getByRole("button", { name: "Update firmware…" }));
    const again = screen.getByRole("dialog", { name: "Update firmware: web-1" });
    expect(within(again).getByRole("textbox", { name: "Image URL" })).toHaveValue("ftp://files.example.net/bios.bin");
  });

  it("asks before resetting the BMC, and resets it only when confirmed", async () => {
    const backend = openDetail("maintenance_customer");
    const user = userEvent.setup();
    renderApp();
    const section = await firmwareSection();
    const reset = await enabled(section, "Reset BMC…");
    await user.click(reset);
    const confirm = screen.getByRole("dialog", { name: "Reset the BMC of web-1?" });
    expect(confirm).toHaveTextContent("The BMC restarts. The server itself keeps running");
    expect(confirm).toHaveTextContent("an open KVM console drops");
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.calls.some((c) => c.cmd === "start_job")).toBe(false);

    await user.click(reset);
    await user.click(within(screen.getByRole("dialog", { name: "Reset the BMC of web-1?" })).getByRole("button", { name: "Reset BMC" }));
    expect(await within(section).findByText("Job finished (Succeeded): 1 succeeded, 0 failed.")).toBeInTheDocument();
    const results = within(section).getByRole("table", { name: "Result per server" });
    expect(within(results).getByRole("row", { name: /web-1/ })).toHaveTextContent("web-1SucceededBMC reset and answering");
    expect(backend.calls.filter((c) => c.cmd === "start_job").map((c) => c.args)).toMatchObject([
      { request: { kind: { kind: "maintenance", tasks: [{ kind: "bmcReset" }] }, servers: ["id-web-1"] } },
    ]);
  });

  it("in service, offers neither, each with the stage's reason", async () => {
    openDetail("in_service");
    renderApp();
    const section = await firmwareSection();
    const update = within(section).getByRole("button", { name: "Update firmware…" });
    await waitFor(() => {
      expect(update).toHaveAccessibleDescription(
        "This may reboot a server that is in service. Move it to Maintenance first; moving does not reboot it. " +
          "web-1 is in service and firmware_update may reboot it; move it to Maintenance first (moving does not reboot)",
      );
    });
    expect(update).toBeDisabled();
    const reset = within(section).getByRole("button", { name: "Reset BMC…" });
    expect(reset).toBeDisabled();
    expect(reset.closest("li")).toHaveTextContent("Move it to Maintenance first");
    // Reading is not changing: the table is there all the same.
    expect(row(section, /System BIOS/)).toHaveTextContent("Differs from the baseline");
  });

  it("in Building, updates firmware but does not reset the BMC", async () => {
    openDetail("building");
    renderApp();
    const section = await firmwareSection();
    await enabled(section, "Update firmware…");
    const reset = within(section).getByRole("button", { name: "Reset BMC…" });
    expect(reset).toBeDisabled();
    expect(reset).toHaveAccessibleDescription("The server's stage does not allow this. bmc_reset is not allowed in Building (web-1)");
  });

  it("reads in Japanese", async () => {
    openDetail("maintenance_customer", { settings: { language: "ja", theme: "system" } });
    const user = userEvent.setup();
    renderApp();
    const section = await screen.findByRole("region", { name: "ファームウェア更新" });
    const table = await within(section).findByRole("table", { name: "ファームウェアのコンポーネント" });
    expect(within(table).getByRole("row", { name: /System BIOS/ })).toHaveTextContent("ベースラインと異なる");
    const update = within(section).getByRole("button", { name: "ファームウェアを更新…" });
    await waitFor(() => {
      expect(update).toBeEnabled();
    });
    expect(within(section).getByRole("button", { name: "BMC をリセット…" })).toBeEnabled();
    await user.click(update);
    const dialog = screen.getByRole("dialog", { name: "ファームウェアの更新: web-1" });
    expect(within(dialog).getByRole("radio", { name: "ローカルファイル" })).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "ファームウェアを更新" })).toBeDisabled();
  });
});

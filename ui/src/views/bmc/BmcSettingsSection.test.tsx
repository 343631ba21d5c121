import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { ServerSummary } from "../../ipc";
import { fakeBmcSettings, fakeBmcSettingsWithCustomer } from "../../ipc/fakeBmcSettings";
import { fakeServer, installFakeBackend, type FakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

const ipmiWarning = "IPMI is off unless you need it: it sends credentials weakly protected.";

function openDetail(stage: ServerSummary["stage"], overrides: Partial<FakeBackend> = {}) {
  const server = fakeServer("web-1", stage);
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({ servers: [server], ...overrides });
}

function withCustomer(): Partial<FakeBackend> {
  return { bmcSettings: { "id-web-1": fakeBmcSettingsWithCustomer() } };
}

/** The section once the settings are read and the server's rules are known. */
async function bmcSection(editable = true) {
  const section = await screen.findByRole("region", { name: "BMC settings" });
  const hostname = await within(section).findByRole("textbox", { name: "Host name" });
  if (editable) {
    await waitFor(() => {
      expect(hostname).toBeEnabled();
    });
  }
  return section;
}

function accountRow(section: HTMLElement, name: RegExp) {
  return within(within(section).getByRole("table", { name: "BMC accounts" })).getByRole("row", { name });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the BMC settings", () => {
  it("keep IPMI off, warn when it is turned on, and send only what changed", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await bmcSection();
    expect(within(section).getByRole("textbox", { name: "Host name" })).toHaveValue("idrac-web");
    expect(section).toHaveTextContent("BMC firmware version7.00.00.00");
    const ipmi = within(section).getByRole("checkbox", { name: "IPMI" });
    expect(ipmi).not.toBeChecked();
    expect(within(section).getByRole("checkbox", { name: "SSH" })).toBeChecked();
    expect(within(section).queryByText(ipmiWarning)).not.toBeInTheDocument();
    const apply = within(section).getByRole("button", { name: "Apply BMC settings" });
    expect(apply).toBeDisabled();

    await user.click(ipmi);
    expect(within(section).getByText(ipmiWarning)).toBeInTheDocument();
    expect(ipmi).toHaveAccessibleDescription(ipmiWarning);
    const hostname = within(section).getByRole("textbox", { name: "Host name" });
    await user.clear(hostname);
    await user.type(hostname, "bmc-{{name}");
    const ntp = within(section).getByRole("textbox", { name: "NTP servers" });
    await user.clear(ntp);
    await user.type(ntp, "ntp1.example.net, ntp2.example.net");
    await user.click(apply);

    expect(await within(section).findByText("BMC settings applied.")).toBeInTheDocument();
    expect(backend.calls.filter((c) => c.cmd === "apply_bmc_settings").map((c) => c.args)).toEqual([
      {
        serverId: "id-web-1",
        settings: { hostname: "bmc-{name}", ntpServers: ["ntp1.example.net", "ntp2.example.net"], ipmi: true },
      },
    ]);
    // What the BMC reads back: the template filled in, IPMI now on.
    expect(within(section).getByRole("textbox", { name: "Host name" })).toHaveValue("bmc-web-1");
    expect(within(section).getByRole("checkbox", { name: "IPMI" })).toBeChecked();
    expect(backend.audit.at(-1)).toMatchObject({ action: "bmc_settings", outcome: "ok", target: "web-1" });
  });

  it("show IPMI on when the BMC has it on, and turn it off on request", async () => {
    const backend = openDetail("building", { bmcSettings: { "id-web-1": { ...fakeBmcSettings(), ipmi: true } } });
    const user = userEvent.setup();
    renderApp();
    const section = await bmcSection();
    const ipmi = within(section).getByRole("checkbox", { name: "IPMI" });
    expect(ipmi).toBeChecked();
    await user.click(ipmi);
    expect(within(section).queryByText(ipmiWarning)).not.toBeInTheDocument();
    await user.click(within(section).getByRole("button", { name: "Apply BMC settings" }));
    expect(await within(section).findByText("BMC settings applied.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "apply_bmc_settings")?.args).toEqual({
      serverId: "id-web-1",
      settings: { ipmi: false },
    });
  });

  it("send a static address, and show the backend's refusal of a bad one", async () => {
    const backend = openDetail("maintenance_customer");
    const user = userEvent.setup();
    renderApp();
    const section = await bmcSection();
    const address = within(section).getByRole("textbox", { name: "IP address" });
    expect(address).toBeDisabled();
    await user.click(within(section).getByRole("radio", { name: "Static address" }));
    expect(address).toBeEnabled();
    await user.clear(address);
    await user.type(address, "10.1.0.300");
    await user.click(within(section).getByRole("button", { name: "Apply BMC settings" }));
    const alert = await within(section).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The BMC settings were not applied" })).toBeInTheDocument();
    expect(alert).toHaveTextContent('"10.1.0.300" is not an IPv4 address');

    await user.clear(address);
    await user.type(address, "10.1.0.30");
    await user.click(within(section).getByRole("button", { name: "Apply BMC settings" }));
    expect(await within(section).findByText("BMC settings applied.")).toBeInTheDocument();
    expect(backend.calls.filter((c) => c.cmd === "apply_bmc_settings").at(-1)?.args).toEqual({
      serverId: "id-web-1",
      settings: { network: { mode: "static", address: "10.1.0.30", netmask: "255.255.255.0", gateway: "10.1.0.1" } },
    });
  });

  it("create the customer's account, marked as made by Racksmith", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await bmcSection();
    expect(accountRow(section, /root/)).not.toHaveTextContent("Made by Racksmith");
    expect(within(accountRow(section, /root/)).queryByRole("button")).not.toBeInTheDocument();

    await user.type(within(section).getByRole("textbox", { name: "New account user name" }), "customer1");
    await user.selectOptions(within(section).getByRole("combobox", { name: "New account role" }), "Operator");
    await user.click(within(section).getByRole("button", { name: "Create account" }));
    expect(
      await within(section).findByText("Account customer1 created; its password is kept in the system keyring."),
    ).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "create_bmc_account")?.args).toEqual({
      serverId: "id-web-1",
      account: { username: "customer1", role: "Operator" },
    });
    const row = accountRow(section, /customer1/);
    expect(row).toHaveTextContent("customer1OperatorYesMade by Racksmith");
    expect(within(row).getByRole("button", { name: "Reveal password" })).toBeEnabled();
    expect(within(row).getByRole("button", { name: "Rotate password" })).toBeEnabled();
  });

  it("reveal a password only on request, say it is audited, and hide it again", async () => {
    const backend = openDetail("building", withCustomer());
    const user = userEvent.setup();
    renderApp();
    const section = await bmcSection();
    const row = accountRow(section, /cust/);
    expect(row).toHaveTextContent("Password hidden");
    expect(backend.calls.some((c) => c.cmd === "reveal_bmc_password")).toBe(false);
    expect(within(section).queryByText("This reveal is recorded in the audit log.", { exact: false })).not.toBeInTheDocument();

    await user.click(within(row).getByRole("button", { name: "Reveal password" }));
    const password = await within(row).findByText("Rs-1-fake-Pw!");
    expect(row).toHaveTextContent("Password of cust:Rs-1-fake-Pw!");
    expect(row).toHaveTextContent("This reveal is recorded in the audit log. It is hidden again after 30 seconds.");
    expect(backend.audit.at(-1)).toMatchObject({ action: "bmc_password_reveal", outcome: "ok", target: "web-1" });

    await user.click(within(row).getByRole("button", { name: "Hide" }));
    expect(password).not.toBeInTheDocument();
    expect(within(section).queryByText("Rs-1-fake-Pw!")).not.toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Reveal password" })).toBeInTheDocument();
  });

  it("hide a revealed password by itself after 30 seconds", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    openDetail("building", withCustomer());
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    renderApp();
    const section = await bmcSection();
    const row = accountRow(section, /cust/);
    await user.click(within(row).getByRole("button", { name: "Reveal password" }));
    expect(await within(row).findByText("Rs-1-fake-Pw!")).toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(29_000);
    });
    expect(within(row).getByText("Rs-1-fake-Pw!")).toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(within(row).queryByText("Rs-1-fake-Pw!")).not.toBeInTheDocument();
    expect(row).toHaveTextContent("Password hidden");
  });

  it("rotate a password only after asking", async () => {
    const backend = openDetail("building", withCustomer());
    const user = userEvent.setup();
    renderApp();
    const section = await bmcSection();
    const row = accountRow(section, /cust/);
    await user.click(within(row).getByRole("button", { name: "Rotate password" }));
    const dialog = screen.getByRole("dialog", { name: "Rotate the password of cust?" });
    expect(dialog).toHaveTextContent("The old password stops working at once");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(backend.calls.some((c) => c.cmd === "rotate_bmc_password")).toBe(false);

    await user.click(within(row).getByRole("button", { name: "Rotate password" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Rotate the password of cust?" })).getByRole("button", {
        name: "Rotate password",
      }),
    );
    expect(await within(section).findByText("The password of cust was rotated.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "rotate_bmc_password")?.args).toEqual({
      serverId: "id-web-1",
      username: "cust",
    });
    expect(accountRow(section, /cust/).querySelector("time")).not.toBeNull();
    expect(backend.audit.at(-1)).toMatchObject({ action: "bmc_password_rotate", outcome: "ok" });
  });

  it("allow no change outside Building and Maintenance, saying why, but still reveal where BMC access is allowed", async () => {
    openDetail("in_service", withCustomer());
    renderApp();
    const section = await bmcSection(false);
    await waitFor(() => {
      expect(section).toHaveTextContent(
        "BMC settings cannot be changed now: The server's stage does not allow this. bmc_settings is not allowed in In service (web-1)",
      );
    });
    for (const name of ["Host name", "NTP servers", "New account user name"]) {
      expect(within(section).getByRole("textbox", { name })).toBeDisabled();
    }
    expect(within(section).getByRole("checkbox", { name: "IPMI" })).toBeDisabled();
    expect(within(section).getByRole("button", { name: "Create account" })).toBeDisabled();
    const row = accountRow(section, /cust/);
    expect(within(row).getByRole("button", { name: "Rotate password" })).toBeDisabled();
    expect(within(row).getByRole("button", { name: "Reveal password" })).toBeEnabled();
  });

  it("reveal nothing where the stage does not allow BMC access", async () => {
    openDetail("inventory", withCustomer());
    renderApp();
    const section = await bmcSection(false);
    await waitFor(() => {
      expect(section).toHaveTextContent(
        "Passwords cannot be revealed now: The server's stage does not allow this. bmc_access is not allowed in Inventory (web-1)",
      );
    });
    expect(within(accountRow(section, /cust/)).getByRole("button", { name: "Reveal password" })).toBeDisabled();
  });
});

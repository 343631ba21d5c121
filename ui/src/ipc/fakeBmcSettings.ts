// The fake backend's BMC settings and customer accounts, as
// src-tauri/crates/core/src/bmc_settings.rs answers them: guarded and audited,
// problems refused before anything is sent, passwords kept in a fake keyring.
import type { AccountSpec, BmcSettings, BmcSettingsView, ServerSummary } from "./bindings";
import { runGuarded, type FakeCommands, type FakeSettingsContext } from "./fakeBios";

/** One server's BMC as the fake has it. */
export type FakeBmcSettings = Omit<BmcSettingsView, "serverId">;

export function fakeBmcSettings(): FakeBmcSettings {
  return {
    firmwareVersion: "7.00.00.00",
    hostname: "idrac-web",
    ntpEnabled: true,
    ntpServers: ["ntp1.example.net"],
    dnsServers: ["10.0.0.53"],
    dhcp: true,
    address: "10.1.0.11",
    netmask: "255.255.255.0",
    gateway: "10.1.0.1",
    ipmi: false,
    ssh: true,
    kvm: true,
    https: true,
    accounts: [
      { id: "2", username: "root", role: "Administrator", enabled: true, locked: false, customer: false, rotatedAt: null },
    ],
  };
}

/** The fake BMC with a customer account "cust" besides root. */
export function fakeBmcSettingsWithCustomer(): FakeBmcSettings {
  const bmc = fakeBmcSettings();
  const customer = { id: "3", username: "cust", role: "Operator", enabled: true, locked: false, customer: true, rotatedAt: null };
  return { ...bmc, accounts: [...bmc.accounts, customer] };
}

const accountRoles = ["Administrator", "Operator", "ReadOnly"];

const hostnameOk = (name: string) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(name);

const ipv4 = (text: string) => {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
};

/** The host name template filled in for one server, as hostname_for does. */
function hostnameFor(template: string, name: string, serial: string | null): string {
  const clean = (s: string) =>
    s
      .replace(/[^A-Za-z0-9]/g, "-")
      .toLowerCase()
      .replace(/^-+|-+$/g, "");
  return template.replaceAll("{name}", clean(name)).replaceAll("{serial}", clean(serial ?? ""));
}

/** BmcSettings::problems: every value that cannot be sent. */
function problems(settings: BmcSettings): string[] {
  const found: string[] = [];
  if (settings.hostname != null && !hostnameOk(hostnameFor(settings.hostname, "server-1", "SN1"))) {
    found.push(`"${settings.hostname}" does not make a host name (letters, digits and hyphens, at most 63)`);
  }
  for (const server of settings.ntpServers ?? []) {
    if (!/^[A-Za-z0-9.:-]{1,253}$/.test(server)) found.push(`"${server}" is not a host name or address`);
  }
  for (const server of settings.dnsServers ?? []) {
    if (!ipv4(server)) found.push(`"${server}" is not an IPv4 address`);
  }
  if (settings.network?.mode === "static") {
    for (const value of [settings.network.address, settings.network.netmask, settings.network.gateway]) {
      if (!ipv4(value)) found.push(`"${value}" is not an IPv4 address`);
    }
  }
  if (settings.account) {
    const { username, role } = settings.account;
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(username)) {
      found.push(`"${username}" is not a BMC user name (letters, digits, _ and -, at most 16)`);
    }
    if (!accountRoles.includes(role)) found.push(`"${role}" is not a role; it is one of ${accountRoles.join(", ")}`);
  }
  return found;
}

/** bmc_settings, apply_bmc_settings, create_bmc_account, rotate_bmc_password and
 *  reveal_bmc_password over each server's fake BMC (made when first asked for). */
export function fakeBmcSettingsCommands(
  store: () => Record<string, FakeBmcSettings>,
  context: FakeSettingsContext,
): FakeCommands {
  const { serverOf, fail } = context;
  const bmcOf = (server: ServerSummary) => (store()[server.id] ??= fakeBmcSettings());
  const viewOf = (server: ServerSummary): BmcSettingsView => ({ serverId: server.id, ...structuredClone(bmcOf(server)) });
  const guarded = runGuarded(context);
  // The keyring: a password for each account Racksmith made, by server and user name.
  const keyring = new Map<string, string>();
  let made = 0;
  const keep = (server: ServerSummary, username: string) => {
    const password = `Rs-${String(++made)}-fake-Pw!`;
    keyring.set(`${server.id}/${username}`, password);
    return password;
  };

  const makeAccount = (server: ServerSummary, { username, role }: AccountSpec) => {
    const bmc = bmcOf(server);
    keep(server, username);
    bmc.accounts.push({
      id: String(bmc.accounts.length + 2),
      username,
      role,
      enabled: true,
      locked: false,
      customer: true,
      rotatedAt: null,
    });
  };

  const apply = (key: string, settings: BmcSettings) =>
    guarded(key, "bmc_settings", "bmc_settings", settings, (server) => {
      const found = problems(settings);
      if (found.length > 0) fail("invalid_input", found.join("; "));
      const bmc = bmcOf(server);
      if (settings.hostname != null) bmc.hostname = hostnameFor(settings.hostname, server.name, server.serial);
      if (settings.ntpServers != null) bmc.ntpServers = [...settings.ntpServers];
      if (settings.dnsServers != null) bmc.dnsServers = [...settings.dnsServers];
      if (settings.network?.mode === "dhcp") bmc.dhcp = true;
      if (settings.network?.mode === "static") {
        Object.assign(bmc, {
          dhcp: false,
          address: settings.network.address,
          netmask: settings.network.netmask,
          gateway: settings.network.gateway,
        });
      }
      for (const protocol of ["ipmi", "ssh", "kvm"] as const) {
        const on = settings[protocol];
        if (on != null) bmc[protocol] = on;
      }
      if (settings.account && !bmc.accounts.some((a) => a.username === settings.account?.username)) {
        makeAccount(server, settings.account);
      }
      return viewOf(server);
    });

  const create = (key: string, account: AccountSpec) =>
    guarded(key, "bmc_settings", "bmc_account_create", account, (server) => {
      const [problem] = problems({ account });
      if (problem !== undefined) fail("invalid_input", problem);
      if (bmcOf(server).accounts.some((a) => a.username === account.username)) {
        fail("conflict", `the BMC already has an account ${account.username}`);
      }
      makeAccount(server, account);
      return viewOf(server);
    });

  const rotate = (key: string, username: string) =>
    guarded(key, "bmc_settings", "bmc_password_rotate", { username }, (server) => {
      const bmc = bmcOf(server);
      const account = bmc.accounts.find((a) => a.username === username) ?? fail("not_found", `the BMC has no account ${username}`);
      keep(server, username);
      Object.assign(account, { customer: true, rotatedAt: context.now() });
      return viewOf(server);
    });

  const reveal = (key: string, username: string) =>
    guarded(key, "bmc_access", "bmc_password_reveal", { username }, (server) => {
      const account = bmcOf(server).accounts.find((a) => a.username === username && a.customer);
      if (!account) return fail("not_found", `Racksmith made no account ${username} on ${server.name}`);
      // An account a test seeded as made by Racksmith gets its password when first asked for.
      return keyring.get(`${server.id}/${username}`) ?? keep(server, username);
    });

  return {
    bmc_settings: (payload) => viewOf(serverOf(payload.serverId as string)),
    apply_bmc_settings: (payload) => apply(payload.serverId as string, payload.settings as BmcSettings),
    create_bmc_account: (payload) => create(payload.serverId as string, payload.account as AccountSpec),
    rotate_bmc_password: (payload) => rotate(payload.serverId as string, payload.username as string),
    reveal_bmc_password: (payload) => reveal(payload.serverId as string, payload.username as string),
  };
}

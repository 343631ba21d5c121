import type { BmcSettings, BmcSettingsView } from "../../ipc";

/** The form as the user sees it: text as typed, lists one server a line. */
export interface BmcForm {
  hostname: string;
  ntpServers: string;
  dnsServers: string;
  network: "dhcp" | "static";
  address: string;
  netmask: string;
  gateway: string;
  ipmi: boolean;
  ssh: boolean;
  kvm: boolean;
}

/** The form filled from what the BMC has; a protocol it does not report is off,
 *  IPMI above all, which stays off unless the BMC has it on already. */
export function formOf(view: BmcSettingsView): BmcForm {
  return {
    hostname: view.hostname ?? "",
    ntpServers: view.ntpServers.join("\n"),
    dnsServers: view.dnsServers.join("\n"),
    network: view.dhcp === false ? "static" : "dhcp",
    address: view.address ?? "",
    netmask: view.netmask ?? "",
    gateway: view.gateway ?? "",
    ipmi: view.ipmi === true,
    ssh: view.ssh === true,
    kvm: view.kvm === true,
  };
}

/** Servers written one a line or separated by commas. */
export function serverList(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== "");
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** Only what the user changed from what the BMC has; everything else is left as it is. */
export function settingsOf(form: BmcForm, before: BmcForm): BmcSettings {
  const settings: BmcSettings = {};
  if (form.hostname.trim() !== before.hostname.trim()) settings.hostname = form.hostname.trim();
  const ntp = serverList(form.ntpServers);
  if (!sameList(ntp, serverList(before.ntpServers))) settings.ntpServers = ntp;
  const dns = serverList(form.dnsServers);
  if (!sameList(dns, serverList(before.dnsServers))) settings.dnsServers = dns;
  const addresses = (f: BmcForm) => [f.address.trim(), f.netmask.trim(), f.gateway.trim()];
  if (form.network === "dhcp" && before.network !== "dhcp") settings.network = { mode: "dhcp" };
  if (form.network === "static" && (before.network !== "static" || !sameList(addresses(form), addresses(before)))) {
    const [address = "", netmask = "", gateway = ""] = addresses(form);
    settings.network = { mode: "static", address, netmask, gateway };
  }
  for (const protocol of ["ipmi", "ssh", "kvm"] as const) {
    if (form[protocol] !== before[protocol]) settings[protocol] = form[protocol];
  }
  return settings;
}

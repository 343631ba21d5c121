// A real OpenStack Ironic for the peer test and the benchmark: PyPI's ironic in
// a venv under ~/.cache/racksmith, one process with SQLite and no auth
// (DESIGN.md section 5), on a free loopback port, stopped by its own PID.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { join } from "node:path";

import { venvWith } from "./python-venv.mjs";

const IRONIC = "ironic==39.0.0";
export const API_VERSION = "1.115";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a child process this test started, by its own PID, and waits for it to end. */
export async function stopChild(child) {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

/** Resolves once something accepts connections on the loopback port. */
function listening(port) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.end();
      resolve();
    });
    socket.once("error", reject);
  });
}

/**
 * Starts Ironic in `dir`; `maxLimit` caps the nodes a page holds. With
 * `keystone` ({ url, password, token }) Ironic checks every token with that
 * Keystone (as its admin, system-scoped) and `call` sends `keystone.token()`.
 */
export async function startIronic(dir, { maxLimit = 1000, keystone, tls } = {}) {
  const bin = venvWith("ironic-39.0.0", IRONIC, "ironic");
  const port = await freePort();
  const api = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  const conf = join(dir, "ironic.conf");
  mkdirSync(join(dir, "http"), { recursive: true });
  writeFileSync(
    conf,
    `[DEFAULT]
auth_strategy = ${keystone ? "keystone" : "noauth"}
rpc_transport = none
host = racksmith-peer
enabled_hardware_types = fake-hardware,redfish
enabled_boot_interfaces = fake,redfish-virtual-media
enabled_deploy_interfaces = fake,ramdisk
enabled_power_interfaces = fake,redfish
enabled_management_interfaces = fake,redfish
enabled_bios_interfaces = fake,no-bios
enabled_raid_interfaces = fake,no-raid
enabled_firmware_interfaces = fake,no-firmware
enabled_inspect_interfaces = fake,no-inspect
enabled_console_interfaces = fake,no-console
enabled_vendor_interfaces = fake,no-vendor
enabled_rescue_interfaces = fake,no-rescue
enabled_network_interfaces = noop
enabled_storage_interfaces = noop
[api]
host_ip = 127.0.0.1
port = ${port}
max_limit = ${maxLimit}
${tls ? `enable_ssl_api = true
cert_file = ${tls.cert}
key_file = ${tls.key}
` : ""}[database]
connection = sqlite:///${join(dir, "ironic.sqlite")}
[dhcp]
dhcp_provider = none
[deploy]
http_root = ${join(dir, "http")}
http_url = http://127.0.0.1:1
# The BMC fetches an ISO from its own URL (Ironic publishes nothing itself here).
ramdisk_image_download_source = http
[conductor]
automated_clean = true
[redfish]
# An unreachable BMC is named after two tries, not five.
connection_attempts = 2
connection_retry_interval = 1
[service_catalog]
endpoint_override = ${api}
${
  keystone
    ? `[keystone_authtoken]
auth_type = password
auth_url = ${keystone.url}
www_authenticate_uri = ${keystone.url}
username = admin
password = ${keystone.password}
user_domain_name = Default
system_scope = all
`
    : ""
}`,
  );
  const schema = spawnSync(join(bin, "ironic-dbsync"), ["--config-file", conf, "create_schema"], { encoding: "utf8" });
  if (schema.status !== 0) throw new Error(`ironic-dbsync failed: ${schema.stderr}`);
  const log = openSync(join(dir, "ironic.log"), "w");
  const child = spawn(join(bin, "ironic"), ["--config-file", conf], { stdio: ["ignore", log, log] });

  async function call(method, path, body) {
    // Ironic's API may close a kept-alive connection as it is reused: a read is asked again, once.
    const send = () => fetch(`${api}${path}`, {
      method,
      headers: {
        "Content-Type": "application/json",
        "X-OpenStack-Ironic-API-Version": API_VERSION,
        ...(keystone ? { "X-Auth-Token": keystone.token() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await send().catch((error) => (method === "GET" ? sleep(200).then(send) : Promise.reject(error)));
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if (tls) await listening(port);
      else await call("GET", "/");
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`Ironic did not start (see ${join(dir, "ironic.log")}): ${error.message}`);
      }
      await sleep(500);
    }
  }
  return {
    api,
    call,
    stop: () => stopChild(child),
  };
}

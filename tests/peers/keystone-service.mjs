// A real OpenStack Keystone for the Ironic peer test: PyPI's keystone in a venv
// under ~/.cache/racksmith, SQLite, Fernet tokens, bootstrapped with an admin,
// served by a small threaded WSGI server on a free loopback port and stopped by
// its own PID. Ironic then checks every token with it (auth_strategy = keystone).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { freePort, sleep, stopChild } from "./ironic-service.mjs";
import { venvWith } from "./python-venv.mjs";

const KEYSTONE = "keystone==30.0.0";
export const ADMIN_PASSWORD = "keystone-admin-peer";

const SERVE = `
import os
import sys
sys.argv = sys.argv[:1]  # Keystone reads its options from the command line
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIServer, WSGIRequestHandler, make_server
from keystone.wsgi.api import application
class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass
make_server("127.0.0.1", int(os.environ["KEYSTONE_PORT"]), application, server_class=Server, handler_class=Quiet).serve_forever()
`;

/** Starts Keystone in `dir`; returns its v3 URL, a call helper with the admin's system token, and stop. */
export async function startKeystone(dir) {
  const bin = venvWith("keystone-30.0.0", KEYSTONE, "keystone-manage");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/v3`;
  const conf = join(dir, "keystone.conf");
  for (const keys of ["fernet-keys", "credential-keys"]) mkdirSync(join(dir, keys), { recursive: true });
  writeFileSync(
    conf,
    `[DEFAULT]
log_file = ${join(dir, "keystone.log")}
[database]
connection = sqlite:///${join(dir, "keystone.sqlite")}
[token]
provider = fernet
[fernet_tokens]
key_repository = ${join(dir, "fernet-keys")}
[credential]
key_repository = ${join(dir, "credential-keys")}
`,
  );
  const manage = (...args) => {
    const result = spawnSync(join(bin, "keystone-manage"), ["--config-file", conf, ...args], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`keystone-manage ${args[0]} failed: ${result.stderr}`);
  };
  manage("db_sync");
  manage("fernet_setup", "--keystone-user", "root", "--keystone-group", "root");
  manage("credential_setup", "--keystone-user", "root", "--keystone-group", "root");
  manage(
    "bootstrap",
    "--bootstrap-password", ADMIN_PASSWORD,
    "--bootstrap-admin-url", url,
    "--bootstrap-public-url", url,
    "--bootstrap-internal-url", url,
    "--bootstrap-region-id", "RegionOne",
  );
  const log = openSync(join(dir, "keystone-wsgi.log"), "w");
  const child = spawn(join(bin, "python"), ["-c", SERVE], {
    env: { ...process.env, OS_KEYSTONE_CONFIG_FILES: conf, KEYSTONE_PORT: String(port) },
    stdio: ["ignore", log, log],
  });

  async function token(identity, scope) {
    const answer = await fetch(`${url}/auth/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ auth: { identity, scope } }),
    });
    if (answer.status !== 201) throw new Error(`Keystone refused a token: ${answer.status} ${await answer.text()}`);
    return answer.headers.get("x-subject-token");
  }
  const password = (name, secret) => ({ methods: ["password"], password: { user: { name, domain: { name: "Default" }, password: secret } } });

  const deadline = Date.now() + 60_000;
  let admin;
  for (;;) {
    try {
      admin = await token(password("admin", ADMIN_PASSWORD), { system: { all: true } });
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`Keystone did not start (see ${dir}/keystone*.log): ${error.message}`);
      }
      await sleep(500);
    }
  }

  async function call(method, path, body, as = admin) {
    const answer = await fetch(`${url}${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-Auth-Token": as },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`Keystone ${method} ${path}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    url,
    adminToken: () => admin,
    token,
    password,
    call,
    stop: () => stopChild(child),
  };
}

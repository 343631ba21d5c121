// Ironic behind a real Keystone (both from PyPI, SQLite, on loopback): Ironic's
// keystonemiddleware checks every token Racksmith sends. Racksmith signs in
// with a user's password (system scope: the whole fleet) or with an
// application credential (its project: only the nodes that project owns); a
// wrong password adds nothing, and the secret is in the OS keyring, not SQLite.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { targetDir } from "../../src-tauri/scripts/prerequisites.mjs";
import { startIronic } from "./ironic-service.mjs";
import { ADMIN_PASSWORD, startKeystone } from "./keystone-service.mjs";

const rackctlPath = process.env.RACKSMITH_RACKCTL ?? join(targetDir(), "debug", "rackctl");
const scratch = mkdtempSync(join(tmpdir(), "racksmith-keystone-"));
const PASSWORD = "racksmith-peer-password";
let keystone;
let ironic;
let appCredential;
let owned;

function rackctl(profile, args, stdin) {
  const result = spawnSync(rackctlPath, [...args, "--json"], {
    env: { ...process.env, RACKSMITH_PROFILE_DIR: profile },
    encoding: "utf8",
    input: stdin,
  });
  return { status: result.status, json: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
}

function ok(profile, args, stdin) {
  const out = rackctl(profile, args, stdin);
  assert.equal(out.status, 0, `rackctl ${args.join(" ")}: ${JSON.stringify(out.json)} ${out.stderr}`);
  return out.json;
}

function profileDir(name) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Every byte of the profile's SQLite files and logs, to look for a secret in. */
function storedBytes(dir) {
  const files = [
    ...readdirSync(dir).filter((f) => f.includes(".sqlite")).map((f) => join(dir, f)),
    ...readdirSync(join(dir, "logs")).map((f) => join(dir, "logs", f)),
  ];
  const bytes = files.map((f) => readFileSync(f).toString("latin1")).join("");
  assert.ok(bytes.includes("backend_add"), "the database and logs were read");
  return bytes;
}

before(async () => {
  keystone = await startKeystone(scratch);
  const { roles } = await keystone.call("GET", "/roles");
  const role = (name) => roles.find((r) => r.name === name).id;
  const { user } = await keystone.call("POST", "/users", { user: { name: "racksmith", domain_id: "default", password: PASSWORD } });
  await keystone.call("PUT", `/system/users/${user.id}/roles/${role("admin")}`);
  const { project } = await keystone.call("POST", "/projects", { project: { name: "tenant-a", domain_id: "default" } });
  await keystone.call("PUT", `/projects/${project.id}/users/${user.id}/roles/${role("member")}`);
  const scoped = await keystone.token(keystone.password("racksmith", PASSWORD), { project: { id: project.id } });
  ({ application_credential: appCredential } = await keystone.call(
    "POST",
    `/users/${user.id}/application_credentials`,
    { application_credential: { name: "racksmith-console" } },
    scoped,
  ));

  ironic = await startIronic(scratch, { keystone: { url: keystone.url, password: ADMIN_PASSWORD, token: keystone.adminToken } });
  await ironic.call("POST", "/v1/nodes", { name: "ks-fleet", driver: "fake-hardware" });
  owned = (await ironic.call("POST", "/v1/nodes", { name: "ks-owned", driver: "fake-hardware", owner: project.id })).uuid;
});

after(async () => {
  await ironic?.stop();
  await keystone?.stop();
});

test("Ironic behind Keystone refuses Racksmith without a token", async () => {
  const answer = await fetch(`${ironic.api}/v1/nodes`, { headers: { "X-OpenStack-Ironic-API-Version": "1.115" } });
  assert.equal(answer.status, 401, "keystonemiddleware is in front of the API");
});

test("a wrong password is refused by Keystone and adds nothing", () => {
  const profile = profileDir("wrong");
  const out = rackctl(profile, ["backend", "add", "ironic", "--url", ironic.api, "--auth-url", keystone.url, "--user", "racksmith", "--password-stdin"], "not-the-password\n");
  assert.notEqual(out.status, 0);
  assert.equal(out.json.error.code, "login_refused", JSON.stringify(out.json));
  assert.match(out.json.error.message, /Keystone refused the sign-in \(HTTP 401\)/);
  assert.deepEqual(ok(profile, ["backend", "list"]), []);
});

test("a user's password signs in with system scope: the whole fleet syncs, and the password is in the keyring only", () => {
  const profile = profileDir("password");
  const added = ok(profile, ["backend", "add", "ironic", "--url", ironic.api, "--auth-url", keystone.url, "--user", "racksmith", "--password-stdin"], `${PASSWORD}\n`);
  assert.equal(added.secretRef, `keyring:ironic/${added.id}`);
  assert.deepEqual(JSON.parse(added.auth), { kind: "password", authUrl: keystone.url, user: "racksmith", userDomain: "Default", project: null, projectDomain: "Default" });
  const [report] = ok(profile, ["sync"]);
  assert.equal(report.nodes, 2, JSON.stringify(report));
  const names = ok(profile, ["server", "list"]).servers.map((s) => s.name).sort();
  assert.deepEqual(names, ["ks-fleet", "ks-owned"]);
  // Driving a node works with the same sign-in: Ironic manages it on a move to Building.
  ok(profile, ["stage", "move", "ks-fleet", "building"]);
  assert.equal(ok(profile, ["server", "list"]).servers.find((s) => s.name === "ks-fleet").stage, "building");
  assert.ok(!storedBytes(profile).includes(PASSWORD), "the password never reaches SQLite or the logs");
});

test("an application credential signs in to its project: only the nodes it owns sync", async () => {
  const profile = profileDir("app-credential");
  const added = ok(
    profile,
    ["backend", "add", "ironic", "--url", ironic.api, "--auth-url", keystone.url, "--application-credential-id", appCredential.id, "--password-stdin"],
    `${appCredential.secret}\n`,
  );
  assert.equal(JSON.parse(added.auth).kind, "applicationCredential");
  const [report] = ok(profile, ["sync"]);
  assert.equal(report.nodes, 1, "a project sees the nodes it owns");
  const [server] = ok(profile, ["server", "list"]).servers;
  assert.equal(server.name, "ks-owned");
  assert.equal((await ironic.call("GET", `/v1/nodes/${owned}`)).owner !== null, true);
  assert.ok(!storedBytes(profile).includes(appCredential.secret), "the secret never reaches SQLite or the logs");
});

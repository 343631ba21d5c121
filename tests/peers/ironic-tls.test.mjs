// Ironic served over HTTPS (its own [api] enable_ssl_api) with a certificate
// from a test CA made here with openssl. Racksmith trusts exactly the CA given
// with --ca-bundle: none, or another CA, is refused with the reason and adds
// nothing; the right one syncs.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { targetDir } from "../../src-tauri/scripts/prerequisites.mjs";
import { startIronic } from "./ironic-service.mjs";

const rackctlPath = process.env.RACKSMITH_RACKCTL ?? join(targetDir(), "debug", "rackctl");
const scratch = mkdtempSync(join(tmpdir(), "racksmith-ironic-tls-"));
let ironic;

function openssl(...args) {
  const result = spawnSync("openssl", args, { encoding: "utf8", cwd: scratch });
  assert.equal(result.status, 0, `openssl ${args.join(" ")}: ${result.stderr}`);
}

/** A CA, and (for the first) a server certificate for 127.0.0.1 signed by it. */
function makeCa(name) {
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.pem`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
  return join(scratch, `${name}.pem`);
}

function rackctl(profile, args) {
  const result = spawnSync(rackctlPath, [...args, "--json"], { env: { ...process.env, RACKSMITH_PROFILE_DIR: profile }, encoding: "utf8" });
  return { status: result.status, json: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
}

function profileDir(name) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

let rightCa;
let otherCa;

before(async () => {
  rightCa = makeCa("racksmith-test-ca");
  otherCa = makeCa("some-other-ca");
  writeFileSync(join(scratch, "leaf.ext"), "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "ironic.key", "-out", "ironic.csr");
  openssl("x509", "-req", "-in", "ironic.csr", "-CA", "racksmith-test-ca.pem", "-CAkey", "racksmith-test-ca.key", "-CAcreateserial", "-days", "2", "-extfile", "leaf.ext", "-out", "ironic.pem");
  ironic = await startIronic(scratch, { tls: { cert: join(scratch, "ironic.pem"), key: join(scratch, "ironic.key") } });
});

after(async () => {
  await ironic?.stop();
});

test("an HTTPS Ironic is not trusted without its CA, nor with another one", () => {
  for (const [name, extra] of [
    ["none", []],
    ["other", ["--ca-bundle", otherCa]],
  ]) {
    const profile = profileDir(name);
    const out = rackctl(profile, ["backend", "add", "ironic", "--url", ironic.api, "--no-auth", ...extra]);
    assert.notEqual(out.status, 0, name);
    assert.equal(out.json.error.code, "bmc_tls", JSON.stringify(out.json));
    assert.match(out.json.error.message, /certificate is not trusted.*UnknownIssuer/, JSON.stringify(out.json));
    assert.deepEqual(rackctl(profile, ["backend", "list"]).json, [], `${name}: nothing added`);
  }
});

test("with its CA given, the HTTPS Ironic is added and synced", () => {
  const profile = profileDir("right");
  const added = rackctl(profile, ["backend", "add", "ironic", "--url", ironic.api, "--no-auth", "--ca-bundle", rightCa]);
  assert.equal(added.status, 0, JSON.stringify(added.json) + added.stderr);
  assert.match(added.json.caBundle, /BEGIN CERTIFICATE/);
  const sync = rackctl(profile, ["sync"]);
  assert.equal(sync.status, 0, JSON.stringify(sync.json));
  assert.equal(sync.json[0].nodes, 0);
});

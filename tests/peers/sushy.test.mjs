// sushy-tools, OpenStack's Redfish emulator, as a peer that is not ours. It is
// started here with its fake driver over HTTPS with Basic auth (it has no
// SessionService) and driven through the real `rackctl` and a real keyring.
// Every fact checked below comes from the emulator's configuration, not from
// anything Racksmith wrote.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, openSync } from "node:fs";
import { request } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { targetDir } from "../../src-tauri/scripts/prerequisites.mjs";
import { venvWith } from "./python-venv.mjs";

const SUSHY_TOOLS = "sushy-tools==2.2.0";
const USER = "admin";
const PASSWORD = "sushy-Peer-pass-5107";
const SYSTEMS = [
  { uuid: "8a0f6c1e-0000-4000-8000-000000000001", name: "peer-one", power_state: "Off", nics: [{ mac: "52:54:00:aa:00:01", ip: "127.0.0.11" }] },
  {
    uuid: "8a0f6c1e-0000-4000-8000-000000000002",
    name: "peer-two",
    power_state: "On",
    nics: [
      { mac: "52:54:00:aa:00:02", ip: "127.0.0.12" },
      { mac: "52:54:00:aa:00:03", ip: "127.0.0.13" },
    ],
  },
];
const DRIVE = { Id: "drive-a", Name: "Drive Sample", CapacityBytes: 899527000000, Protocol: "SAS" };

const rackctlPath = process.env.RACKSMITH_RACKCTL ?? join(targetDir(), "debug", "rackctl");
const scratch = mkdtempSync(join(tmpdir(), "racksmith-sushy-"));
const profile = join(scratch, "profile");
const outputs = [];
let port;
let emulator;
let certificate;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh self-signed certificate for 127.0.0.1, as a BMC makes after a reset. */
function newCertificate(tag) {
  const cert = join(scratch, `cert-${tag}.pem`);
  const key = join(scratch, `key-${tag}.pem`);
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", key, "-out", cert, "-days", "30", "-subj", `/CN=sushy-peer-${tag}`,
    "-addext", "subjectAltName=IP:127.0.0.1",
  ], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);
  const pem = readFileSync(cert, "utf8");
  return { cert, key, pem, sha256: new X509Certificate(pem).fingerprint256 };
}

function writeConfig(bin, cert) {
  const htpasswd = join(scratch, "htpasswd");
  const hash = spawnSync(join(bin, "python"), ["-c", "import bcrypt,sys;print(bcrypt.hashpw(sys.argv[1].encode(),bcrypt.gensalt()).decode())", PASSWORD], { encoding: "utf8" });
  assert.equal(hash.status, 0, hash.stderr);
  writeFileSync(htpasswd, `${USER}:${hash.stdout.trim()}\n`);
  // JSON of strings, lists and objects is also a Python literal.
  const config = [
    `SUSHY_EMULATOR_LISTEN_IP = '127.0.0.1'`,
    `SUSHY_EMULATOR_LISTEN_PORT = ${port}`,
    `SUSHY_EMULATOR_SSL_CERT = ${JSON.stringify(cert.cert)}`,
    `SUSHY_EMULATOR_SSL_KEY = ${JSON.stringify(cert.key)}`,
    `SUSHY_EMULATOR_AUTH_FILE = ${JSON.stringify(htpasswd)}`,
    `SUSHY_EMULATOR_FAKE_DRIVER = True`,
    // Its own state folder: the fake driver keeps power states across restarts.
    `SUSHY_EMULATOR_STATE_DIR = ${JSON.stringify(join(scratch, "state"))}`,
    `SUSHY_EMULATOR_FAKE_SYSTEMS = ${JSON.stringify(SYSTEMS)}`,
    `SUSHY_EMULATOR_STORAGE = {${JSON.stringify(SYSTEMS[0].uuid)}: [{"Id": "1", "Name": "Local Storage Controller", "StorageControllers": [{"MemberId": "0", "Name": "Contoso Integrated RAID", "SpeedGbps": 12}], "Drives": ["${DRIVE.Id}"]}]}`,
    `SUSHY_EMULATOR_DRIVES = {(${JSON.stringify(SYSTEMS[0].uuid)}, "1"): [${JSON.stringify(DRIVE)}]}`,
  ].join("\n");
  const file = join(scratch, "emulator.conf");
  writeFileSync(file, `${config}\n`);
  return file;
}

/** Any HTTPS call to the emulator itself, trusting only its certificate. */
function sushy(method, path, body) {
  const auth = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
  return new Promise((resolve, reject) => {
    const call = request(
      new URL(path, `https://127.0.0.1:${port}`),
      { method, ca: certificate.pem, headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" } },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode, body: text ? JSON.parse(text) : null }));
      },
    );
    call.on("error", reject);
    call.end(body ? JSON.stringify(body) : undefined);
  });
}

async function startEmulator(bin, cert) {
  certificate = cert;
  const log = openSync(join(scratch, "emulator.log"), "a");
  emulator = spawn(join(bin, "sushy-emulator"), ["--config", writeConfig(bin, cert)], { stdio: ["ignore", log, log] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const root = await sushy("GET", "/redfish/v1/");
      if (root.status === 200) return;
    } catch {
      // not listening yet
    }
    if (emulator.exitCode !== null) throw new Error(`sushy-emulator exited (${emulator.exitCode}); see ${scratch}/emulator.log`);
    if (Date.now() > deadline) throw new Error(`sushy-emulator did not answer in 30 s; see ${scratch}/emulator.log`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopEmulator() {
  if (!emulator || emulator.exitCode !== null) return;
  const exited = new Promise((resolve) => emulator.once("exit", resolve));
  process.kill(emulator.pid, "SIGTERM");
  await exited;
}

function rackctl(args, input) {
  const result = spawnSync(rackctlPath, [...args, "--json"], {
    encoding: "utf8",
    input,
    env: { ...process.env, RACKSMITH_PROFILE_DIR: profile, RACKSMITH_DEMO_LAB: "off" },
  });
  outputs.push(result.stdout, result.stderr);
  let json = null;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    // left null: the assertion that follows shows stdout
  }
  return { code: result.status, json, stdout: result.stdout, stderr: result.stderr };
}

const address = () => `https://127.0.0.1:${port}`;
/** `rackctl server show`: `{server, bmc, facts}`. */
const serverNamed = (name) => rackctl(["server", "show", name]).json;

let bin;
before(async () => {
  bin = venvWith("sushy-tools-2.2.0", SUSHY_TOOLS, "sushy-emulator");
  port = await freePort();
  await startEmulator(bin, newCertificate("first"));
});

after(async () => {
  await stopEmulator();
});

test("an unknown certificate is shown for a decision and nothing is enrolled", () => {
  const added = rackctl(["bmc", "add", address(), "--user", USER, "--password-stdin"], `${PASSWORD}\n`);
  assert.notEqual(added.code, 0, added.stdout);
  assert.equal(added.json?.error?.code, "certificate_untrusted", added.stdout);
  assert.ok(added.json.error.message.includes(certificate.sha256), added.json.error.message);
  assert.deepEqual(rackctl(["server", "list"]).json, { servers: [], total: 0 });
});

test("a pin that is not the presented certificate is refused", () => {
  const wrong = certificate.sha256.replace(/^../, certificate.sha256.startsWith("00") ? "11" : "00");
  const added = rackctl(["bmc", "add", address(), "--user", USER, "--password-stdin", "--sha256", wrong], `${PASSWORD}\n`);
  assert.notEqual(added.code, 0);
  assert.deepEqual(rackctl(["server", "list"]).json, { servers: [], total: 0 });
});

test("a wrong password is refused over Basic auth and nothing is enrolled", () => {
  const added = rackctl(["bmc", "add", address(), "--user", USER, "--password-stdin", "--sha256", certificate.sha256], "not-the-password\n");
  assert.notEqual(added.code, 0);
  assert.equal(added.json?.error?.code, "login_refused", added.stdout);
  assert.deepEqual(rackctl(["server", "list"]).json, { servers: [], total: 0 });
});

test("both fake systems are enrolled with the facts the emulator was configured with", () => {
  const added = rackctl(["bmc", "add", address(), "--user", USER, "--password-stdin", "--sha256", certificate.sha256, "--site", "peer-site"], `${PASSWORD}\n`);
  assert.equal(added.code, 0, added.stdout + added.stderr);
  assert.equal(added.json.servers.length, SYSTEMS.length);
  for (const system of SYSTEMS) {
    const detail = serverNamed(system.name);
    assert.ok(detail?.server, `no server named ${system.name}`);
    assert.equal(detail.server.stage, "inventory");
    assert.equal(detail.server.location.site, "peer-site");
    assert.equal(detail.bmc.address, address());
    const hardware = detail.facts.hardware;
    assert.equal(hardware.uuid, system.uuid);
    assert.equal(hardware.powerState, system.power_state);
    assert.equal(hardware.manufacturer, "Sushy Emulator");
    assert.deepEqual(hardware.nics.map((n) => n.mac.toLowerCase()).sort(), system.nics.map((n) => n.mac).sort());
    assert.ok(hardware.readAt, "facts carry the time they were read");
  }
  const one = serverNamed(SYSTEMS[0].name).facts;
  assert.deepEqual(
    one.hardware.drives.map((d) => ({ id: d.id, capacityBytes: d.capacityBytes, protocol: d.protocol })),
    [{ id: DRIVE.Id, capacityBytes: DRIVE.CapacityBytes, protocol: DRIVE.Protocol }],
  );
  assert.deepEqual(one.unread, []);
  // sushy-tools answers 500 for the storage of a system it has none configured
  // for: the server is still enrolled, with that one group named as unread.
  const two = serverNamed(SYSTEMS[1].name).facts;
  assert.deepEqual(two.hardware.drives, []);
  assert.deepEqual(two.unread.map((u) => u.group), ["drives"]);
  assert.match(two.unread[0].error, /HTTP 500/);
});

test("a power change made at the BMC shows in the inventory after a refresh", async () => {
  const system = SYSTEMS[0];
  const reset = await sushy("POST", `/redfish/v1/Systems/${system.uuid}/Actions/ComputerSystem.Reset`, { ResetType: "On" });
  assert.ok(reset.status < 300, JSON.stringify(reset.body));
  // The fake driver applies a reset 1 to 11 s later, as hardware would.
  const deadline = Date.now() + 20_000;
  let state;
  do {
    await new Promise((r) => setTimeout(r, 1000));
    const refreshed = rackctl(["bmc", "refresh", system.name]);
    assert.equal(refreshed.code, 0, refreshed.stdout);
    state = serverNamed(system.name).server.powerState;
  } while (state !== "On" && Date.now() < deadline);
  assert.equal(state, "On");
  const power = rackctl(["bmc", "power", system.name]);
  assert.equal(power.code, 0, power.stdout);
  assert.match(power.stdout, /"On"/);
});

test("a new certificate is refused until the user trusts it", async () => {
  await stopEmulator();
  const old = certificate.sha256;
  await startEmulator(bin, newCertificate("second"));
  assert.notEqual(certificate.sha256, old);

  const refused = rackctl(["bmc", "refresh", "--all"]);
  assert.notEqual(refused.code, 0);
  assert.equal(refused.json.failed, SYSTEMS.length);
  for (const name of SYSTEMS.map((s) => s.name)) {
    const { server } = serverNamed(name);
    assert.equal(server.refreshErrorCode, "certificate_changed");
    assert.ok(server.refreshError.includes(old) && server.refreshError.includes(certificate.sha256), server.refreshError);
  }

  const shown = rackctl(["bmc", "certificate", SYSTEMS[0].name]);
  assert.equal(shown.code, 0, shown.stdout);
  assert.ok(shown.stdout.includes(certificate.sha256) && shown.stdout.includes(old), shown.stdout);

  const trusted = rackctl(["bmc", "trust", SYSTEMS[0].name, "--sha256", certificate.sha256]);
  assert.equal(trusted.code, 0, trusted.stdout);
  const refreshed = rackctl(["bmc", "refresh", "--all"]);
  assert.equal(refreshed.code, 0, refreshed.stdout);
  assert.equal(refreshed.json.ok, SYSTEMS.length);
});

/** Serves one ISO over plain HTTP on 127.0.0.1 from another process (rackctl
 *  runs synchronously here, so this process could not answer the emulator)
 *  and records the requests from its log. */
async function isoServer(bytes) {
  const root = join(scratch, "www");
  mkdirSync(join(root, "images"), { recursive: true });
  writeFileSync(join(root, "images", "peer.iso"), bytes);
  const isoPort = await freePort();
  // -u: the "Serving HTTP" banner (stdout) and the request log (stderr) unbuffered.
  const child = spawn("python3", ["-u", "-m", "http.server", String(isoPort), "--bind", "127.0.0.1", "--directory", root], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 10000;
  while (!log.includes("Serving HTTP")) {
    if (Date.now() > deadline) throw new Error(`the ISO server did not start: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { stop: () => child.kill(), requests: () => log, url: `http://127.0.0.1:${isoPort}/images/peer.iso` };
}

test("virtual media: the emulator downloads an ISO by URL, boots from it once, and ejects it", async () => {
  const name = SYSTEMS[1].name;
  for (const stage of ["building", "in-service"]) {
    const moved = rackctl(["stage", "move", name, stage]);
    assert.equal(moved.code, 0, moved.stdout);
  }
  const iso = await isoServer(Buffer.alloc(64 * 1024, 7));
  try {
    const mounted = rackctl(["media", "insert", name, iso.url, "--boot-once"]);
    assert.equal(mounted.code, 0, mounted.stdout + mounted.stderr);
    const cd = mounted.json.slots.find((slot) => slot.image === iso.url);
    assert.ok(cd?.inserted, JSON.stringify(mounted.json.slots));
    // The log arrives on this process's event loop, which rackctl's run blocked.
    for (let i = 0; i < 40 && !/"GET \/images\/peer\.iso/.test(iso.requests()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.match(iso.requests(), /"GET \/images\/peer\.iso/, "the emulator fetched nothing");
    // Read back from the emulator: its fake driver keeps the device but always
    // reports the override as Continuous, and Racksmith shows what it reports.
    assert.equal(mounted.json.bootTarget, "Cd");
    assert.ok(["Once", "Continuous"].includes(mounted.json.bootOverride), mounted.json.bootOverride);

    // Mounting over a mounted image is refused; the first stays.
    const again = rackctl(["media", "insert", name, iso.url]);
    assert.notEqual(again.code, 0);
    assert.equal(again.json.error.code, "conflict");

    const ejected = rackctl(["media", "eject", name]);
    assert.equal(ejected.code, 0, ejected.stdout);
    assert.ok(!ejected.json.slots.some((slot) => slot.inserted), JSON.stringify(ejected.json.slots));
  } finally {
    rackctl(["media", "eject", name]);
    iso.stop();
  }
});

test("virtual media: a local file is served by rackctl to the emulator until ejected", async () => {
  const name = SYSTEMS[1].name;
  const file = join(scratch, "local.iso");
  writeFileSync(file, Buffer.alloc(128 * 1024, 9));
  const serving = spawn(rackctlPath, ["media", "insert", name, file, "--json"], {
    env: { ...process.env, RACKSMITH_PROFILE_DIR: profile, RACKSMITH_DEMO_LAB: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => serving.once("exit", resolve));
  const firstLine = await new Promise((resolve, reject) => {
    let text = "";
    serving.stdout.on("data", (chunk) => {
      text += chunk;
      if (text.includes("\n")) resolve(text.split("\n")[0]);
    });
    serving.once("exit", (code) => reject(new Error(`rackctl media insert exited ${code}: ${text}`)));
  });
  const mounted = JSON.parse(firstLine);
  assert.match(mounted.served.url, /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/local\.iso$/);
  assert.ok(mounted.slots.some((slot) => slot.inserted && slot.image === mounted.served.url), firstLine);

  const ejected = rackctl(["media", "eject", name]);
  assert.equal(ejected.code, 0, ejected.stdout);
  const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("still running"), 15000))]);
  assert.equal(code, 0, "the serving rackctl should end once the image is ejected");
});

test("the password is in no file of the profile and no rackctl output", () => {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(profile);
  assert.ok(files.some((f) => f.endsWith(".sqlite3")), `no database among ${files.join(", ")}`);
  assert.ok(files.some((f) => f.includes("logs")), "no log file written");
  for (const file of files) {
    assert.ok(!readFileSync(file).includes(PASSWORD), `${file} holds the password`);
  }
  assert.ok(!outputs.join("\n").includes(PASSWORD), "rackctl printed the password");
});

// OpenStack Ironic as a peer that is not ours: the real service from PyPI, one
// process with SQLite and no auth (DESIGN.md section 5), holding fake-hardware
// nodes walked through Ironic's own states by this test over its API. Racksmith
// adds it as a backend and syncs it with the real `rackctl`; every stage checked
// comes from Ironic's provision states, read page by page; power jobs on a
// synced node are carried out by Ironic, and the operator's hold is its
// maintenance flag.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { targetDir } from "../../src-tauri/scripts/prerequisites.mjs";
import { API_VERSION, freePort, sleep, startIronic, stopChild } from "./ironic-service.mjs";
import { venvWith } from "./python-venv.mjs";

const SUSHY_TOOLS = "sushy-tools==2.2.0";
const SUSHY_SYSTEM = { uuid: "5c1e9a0e-0000-4000-8000-0000000000aa", name: "sushy-one", power_state: "Off", nics: [{ mac: "52:54:00:bb:00:01", ip: "127.0.0.21" }] };
// A second system, deployed by Ironic from an ISO through its virtual media.
const SUSHY_ISO_SYSTEM = { uuid: "5c1e9a0e-0000-4000-8000-0000000000bb", name: "sushy-two", power_state: "Off", nics: [{ mac: "52:54:00:bb:00:02", ip: "127.0.0.22" }] };
const VERSION = API_VERSION;
const rackctlPath = process.env.RACKSMITH_RACKCTL ?? join(targetDir(), "debug", "rackctl");
const scratch = mkdtempSync(join(tmpdir(), "racksmith-ironic-"));
const profile = join(scratch, "profile");
let api;
let service;
let sushy;
let sushyUrl;

async function call(method, path, body) {
  return service.call(method, path, body);
}

/** Asks Ironic for a provision state and waits until the node is stable in `settled`. */
async function provision(uuid, target, settled) {
  await call("PUT", `/v1/nodes/${uuid}/states/provision`, { target });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const node = await call("GET", `/v1/nodes/${uuid}`);
    if (node.provision_state === settled && !node.target_provision_state) return node;
    assert.ok(Date.now() < deadline, `${uuid} stuck in ${node.provision_state}: ${node.last_error}`);
    await sleep(250);
  }
}

function rackctl(args, input) {
  const result = spawnSync(rackctlPath, [...args, "--json"], {
    env: { ...process.env, RACKSMITH_PROFILE_DIR: profile },
    encoding: "utf8",
    input,
  });
  return { status: result.status, json: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
}

/** The Ironic under test as the profile's backend (added by an earlier test, or here). */
function withBackend() {
  if (ok(["backend", "list"]).length === 0) ok(["backend", "add", "ironic", "--url", api, "--no-auth"]);
}

/** The action of every audit entry, as `rackctl audit list` gives them. */
function auditActions() {
  const audit = ok(["audit", "list"]);
  return (Array.isArray(audit) ? audit : (audit.entries ?? [])).map((e) => e.action);
}

function ok(args, input) {
  const out = rackctl(args, input);
  assert.equal(out.status, 0, `rackctl ${args.join(" ")}: ${JSON.stringify(out.json)} ${out.stderr}`);
  return out.json;
}

/** sushy-tools' emulator with one fake system, over plain HTTP on loopback. */
async function startSushy() {
  const bin = venvWith("sushy-tools-2.2.0", SUSHY_TOOLS, "sushy-emulator");
  const port = await freePort();
  sushyUrl = `http://127.0.0.1:${port}`;
  const conf = join(scratch, "emulator.conf");
  writeFileSync(
    conf,
    [
      "SUSHY_EMULATOR_LISTEN_IP = '127.0.0.1'",
      `SUSHY_EMULATOR_LISTEN_PORT = ${port}`,
      "SUSHY_EMULATOR_FAKE_DRIVER = True",
      `SUSHY_EMULATOR_STATE_DIR = ${JSON.stringify(join(scratch, "sushy-state"))}`,
      `SUSHY_EMULATOR_FAKE_SYSTEMS = ${JSON.stringify([SUSHY_SYSTEM, SUSHY_ISO_SYSTEM])}`,
      "",
    ].join("\n"),
  );
  const log = openSync(join(scratch, "emulator.log"), "w");
  sushy = spawn(join(bin, "sushy-emulator"), ["--config", conf], { stdio: ["ignore", log, log] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${sushyUrl}/redfish/v1/`)).ok) return;
    } catch {
      // not listening yet
    }
    assert.ok(Date.now() < deadline, `sushy-emulator did not start; see ${join(scratch, "emulator.log")}`);
    await sleep(300);
  }
}

async function sushyLed() {
  const system = await (await fetch(`${sushyUrl}/redfish/v1/Systems/${SUSHY_SYSTEM.uuid}`)).json();
  return system.IndicatorLED;
}

async function sushyPower() {
  const system = await (await fetch(`${sushyUrl}/redfish/v1/Systems/${SUSHY_SYSTEM.uuid}`)).json();
  return system.PowerState;
}

before(async () => {
  await startSushy();
  // Two nodes a page, so a sync must follow Ironic's next links.
  service = await startIronic(scratch, { maxLimit: 2 });
  api = service.api;
});

after(async () => {
  await service?.stop();
  await stopChild(sushy);
});

test("an unreachable Ironic is refused with its address and nothing is added", async () => {
  const port = await freePort();
  const out = rackctl(["backend", "add", "ironic", "--url", `http://127.0.0.1:${port}`, "--no-auth"]);
  assert.notEqual(out.status, 0);
  assert.match(out.json.error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
  assert.deepEqual(ok(["backend", "list"]), []);
});

test("a sync brings Ironic's nodes in, page by page, each in the stage its provision state means", async () => {
  const make = async (name) => (await call("POST", "/v1/nodes", { name, driver: "fake-hardware", properties: { model: "Fake 1U" } })).uuid;
  const enrolled = await make("ir-enroll");
  const managed = await make("ir-manageable");
  const available = await make("ir-available");
  const active = await make("ir-active");
  const held = await make("ir-held");
  for (const uuid of [managed, available, active, held]) await provision(uuid, "manage", "manageable");
  for (const uuid of [available, active, held]) await provision(uuid, "provide", "available");
  for (const uuid of [active, held]) await provision(uuid, "active", "active");
  await call("PUT", `/v1/nodes/${held}/maintenance`, { reason: "PSU swap" });

  const added = ok(["backend", "add", "ironic", "--url", api, "--no-auth"]);
  assert.equal(added.apiVersion, VERSION, "the newest version both speak");
  const [first] = ok(["sync"]);
  assert.equal(first.nodes, 5, JSON.stringify(first));
  assert.equal(first.counts.added, 5);

  const stageOf = () =>
    Object.fromEntries(ok(["server", "list"]).servers.filter((s) => s.name.startsWith("ir-")).map((s) => [s.name, s]));
  let servers = stageOf();
  assert.deepEqual(
    Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, s.stage])),
    {
      "ir-enroll": "inventory",
      "ir-manageable": "inventory",
      "ir-available": "inventory",
      "ir-active": "in_service",
      "ir-held": "maintenance_operator",
    },
  );
  assert.equal(servers["ir-held"].hold.reason, "PSU swap");
  assert.equal(servers["ir-active"].model, "Fake 1U");

  // Power through Ironic, as a job guarded like any other: in service, a
  // graceful shutdown is allowed and a forced one is not.
  const off = ok(["power", "shutdown", "ir-active"]);
  assert.equal(off.job.state, "succeeded", JSON.stringify(off));
  assert.equal((await call("GET", `/v1/nodes/${active}`)).power_state, "power off");
  const refused = rackctl(["power", "off", "ir-active"]);
  assert.notEqual(refused.status, 0, "a forced power-off is refused in service");
  const on = ok(["power", "on", "ir-active"]);
  assert.equal(on.servers[0].result, "power On (through Ironic)", JSON.stringify(on));
  assert.equal((await call("GET", `/v1/nodes/${active}`)).power_state, "power on");
  // The locator goes to Ironic's indicator API; a driver without one fails with Ironic's own reason.
  const locate = rackctl(["locate", "on", "ir-active"]);
  assert.notEqual(locate.status, 0);
  assert.match(locate.json.servers[0].error, /fake-hardware does not support set_indicator_state/, JSON.stringify(locate.json));

  // The operator's hold is Ironic's maintenance flag, set and cleared there.
  ok(["settings", "set", "--operator-mode", "true"]);
  ok(["stage", "move", "ir-available", "operator-hold", "--reason", "disk swap", "--until", "2030-01-01T00:00:00Z"]);
  let flagged = await call("GET", `/v1/nodes/${available}`);
  assert.equal(flagged.maintenance, true);
  assert.equal(flagged.maintenance_reason, "disk swap");
  ok(["stage", "move", "ir-available", "inventory"]);
  flagged = await call("GET", `/v1/nodes/${available}`);
  assert.equal(flagged.maintenance, false, "released in Ironic too");
  ok(["settings", "set", "--operator-mode", "false"]);

  // Ironic moves on; the next sync follows, and the history says why.
  await provision(active, "deleted", "available");
  await call("DELETE", `/v1/nodes/${held}/maintenance`);
  const [second] = ok(["sync"]);
  assert.equal(second.counts.moved, 2, JSON.stringify(second));
  assert.equal(second.counts.added, 0);
  servers = stageOf();
  assert.equal(servers["ir-active"].stage, "inventory");
  assert.equal(servers["ir-held"].stage, "in_service");
  const { history } = ok(["stage", "show", "ir-active"]);
  assert.ok(
    history.some((c) => c.actor === "Ironic" && c.from === "in_service" && c.to === "inventory" && c.reason === "Ironic: available"),
    JSON.stringify(history),
  );
  const [third] = ok(["sync"]);
  assert.equal(third.counts.unchanged, 5, "nothing changed, nothing written");
  const actions = auditActions();
  assert.ok(actions.includes("backend_add") && actions.includes("backend_sync"), actions.join(", "));
});

test("Refresh of an Ironic node reads that node again from Ironic, never its BMC", async () => {
  const uuid = (await call("POST", "/v1/nodes", { name: "ir-refresh", driver: "fake-hardware" })).uuid;
  await provision(uuid, "manage", "manageable");
  withBackend();
  ok(["sync"]);
  const server = () => ok(["server", "list"]).servers.find((s) => s.name === "ir-refresh");
  assert.equal(server().stage, "inventory");
  // Ironic's operators hold it; a refresh of this one server brings that in.
  await call("PUT", `/v1/nodes/${uuid}/maintenance`, { reason: "rack power work" });
  const [outcome, ...others] = ok(["bmc", "refresh", "ir-refresh"]).results ?? [];
  assert.equal(others.length, 0, "only the server asked for");
  assert.equal(outcome?.ok, true, JSON.stringify(outcome));
  assert.equal(server().stage, "maintenance_operator");
  assert.equal(server().hold?.reason, "rack power work");
  const refreshed = auditActions().filter((action) => action === "node_refresh");
  assert.equal(refreshed.length, 1, "audited as a refresh through Ironic");
  // A node Ironic no longer has fails alone, with Ironic's reason.
  await call("DELETE", `/v1/nodes/${uuid}/maintenance`);
  await call("DELETE", `/v1/nodes/${uuid}`);
  const gone = rackctl(["bmc", "refresh", "ir-refresh"]);
  assert.notEqual(gone.status, 0);
  assert.match(JSON.stringify(gone.json), /could not be found|not found/i, JSON.stringify(gone.json));
});

test("the agent keeps the cache following Ironic: a hold set by Ironic's own operators shows without a Sync, and quiet looks write nothing", async () => {
  const uuid = (await call("POST", "/v1/nodes", { name: "ir-follow", driver: "fake-hardware" })).uuid;
  await provision(uuid, "manage", "manageable");
  withBackend();
  ok(["sync"]);
  const server = () => ok(["server", "list"]).servers.find((s) => s.name === "ir-follow");
  const follows = () => auditActions().filter((action) => action === "backend_follow").length;
  const before = follows();
  const agent = spawn(rackctlPath, ["agent"], {
    env: { ...process.env, RACKSMITH_PROFILE_DIR: profile, RACKSMITH_BACKEND_SYNC_SECS: "1" },
    stdio: "ignore",
  });
  try {
    await call("PUT", `/v1/nodes/${uuid}/maintenance`, { reason: "PDU swap in row 4" });
    const deadline = Date.now() + 30_000;
    while (server().stage !== "maintenance_operator") {
      assert.ok(Date.now() < deadline, `the agent did not follow Ironic: ${JSON.stringify(server())}`);
      await sleep(250);
    }
    assert.equal(server().hold?.reason, "PDU swap in row 4");
    const changed = follows();
    assert.ok(changed > before, "the change is audited");
    await sleep(3_500);
    assert.equal(follows(), changed, "looks that found nothing new are not audited");
  } finally {
    await stopChild(agent);
  }
  await call("DELETE", `/v1/nodes/${uuid}/maintenance`);
});

test("a redfish-driver node, pointed at sushy-tools' emulator, is powered on and off through Racksmith", async () => {
  const node = await call("POST", "/v1/nodes", {
    name: "ir-redfish",
    driver: "redfish",
    driver_info: {
      redfish_address: sushyUrl,
      redfish_system_id: `/redfish/v1/Systems/${SUSHY_SYSTEM.uuid}`,
      redfish_username: "unused",
      redfish_password: "unused",
    },
  });
  // Managing it makes Ironic reach the emulator with its own Redfish driver.
  await provision(node.uuid, "manage", "manageable");
  withBackend();
  ok(["sync"]);
  assert.equal(ok(["server", "list"]).servers.find((s) => s.name === "ir-redfish").stage, "inventory");
  // In stock nothing may power it; in Building (a move only Racksmith knows of,
  // kept by the next sync) everything may.
  assert.notEqual(rackctl(["power", "on", "ir-redfish"]).status, 0, "no power actions in stock");
  ok(["stage", "move", "ir-redfish", "building"]);
  ok(["sync"]);
  assert.equal(ok(["server", "list"]).servers.find((s) => s.name === "ir-redfish").stage, "building");

  const on = ok(["power", "on", "ir-redfish"]);
  assert.equal(on.job.state, "succeeded", JSON.stringify(on));
  assert.equal(await sushyPower(), "On", "the emulator was powered on by Ironic's Redfish driver");
  const off = ok(["power", "off", "ir-redfish"]);
  assert.equal(off.job.state, "succeeded", JSON.stringify(off));
  assert.equal(await sushyPower(), "Off");

  // The locator light is Ironic's indicator API, set on the emulator by Ironic's driver.
  const lit = ok(["locate", "on", "ir-redfish"]);
  assert.equal(lit.job.state, "succeeded", JSON.stringify(lit));
  assert.match(lit.servers[0].result, /locator blinking/);
  assert.equal(await sushyLed(), "Blinking");
  ok(["locate", "off", "ir-redfish"]);
  assert.equal(await sushyLed(), "Off");
});

test("a fake-hardware node walks every stage through rackctl: built by manual clean, deployed, serviced, held, deleted by cleaning, retired", async () => {
  const walk = (await call("POST", "/v1/nodes", { name: "ir-walk", driver: "fake-hardware", properties: { model: "Fake 2U", serial_number: "FK-0042" } })).uuid;
  await provision(walk, "manage", "manageable");
  await provision(walk, "provide", "available");
  withBackend();
  ok(["sync"]);
  const node = () => call("GET", `/v1/nodes/${walk}`);
  const server = () => ok(["server", "list"]).servers.find((s) => s.name === "ir-walk");
  const events = async () => {
    // Ironic pages its history like its nodes (two a page here); its own next
    // link is refused by the same endpoint, so pages are asked for by marker.
    const all = [];
    for (let path = `/v1/nodes/${walk}/history`; path; ) {
      const page = await call("GET", path);
      all.push(...page.history);
      path = page.next && page.history.length ? `/v1/nodes/${walk}/history?marker=${all.at(-1).uuid}` : null;
    }
    return all.map((e) => e.event);
  };
  assert.equal(server().stage, "inventory");

  // Picked to build: Ironic manages it.
  ok(["stage", "move", "ir-walk", "building"]);
  assert.equal((await node()).provision_state, "manageable");

  // The build is a manual clean: the RAID layout as the node's target, the BIOS applied.
  const file = join(scratch, "ironic-profile.json");
  writeFileSync(
    file,
    JSON.stringify({
      racksmithBuildProfile: 1,
      profile: { name: "ironic-web", bios: { BootMode: "Uefi", ProcVirtualization: "Enabled" }, raid: { level: "raid1", drives: 2, volumeName: "os" } },
    }),
  );
  const built = ok(["build", "apply", "--profile", file, "--servers", "ir-walk"]);
  assert.equal(built.job.state, "succeeded", JSON.stringify(built));
  assert.match(built.servers[0].result, /2 BIOS settings applied/);
  let facts = await node();
  assert.equal(facts.provision_state, "manageable");
  assert.deepEqual(
    facts.target_raid_config.logical_disks.map((d) => [d.raid_level, d.volume_name, d.number_of_physical_disks]),
    [["1", "os", 2]],
  );
  const ironicBios = async () => Object.fromEntries((await call("GET", `/v1/nodes/${walk}/bios`)).bios.map((b) => [b.name, b.value]));
  assert.deepEqual(await ironicBios(), { BootMode: "Uefi", ProcVirtualization: "Enabled" }, "Ironic's fake BIOS interface stored what the clean applied");

  // The BIOS editor reads Ironic's cache; a change while building is a manual clean.
  const shown = ok(["bios", "show", "ir-walk"]);
  assert.deepEqual(shown.current, { BootMode: "Uefi", ProcVirtualization: "Enabled" });
  assert.equal(shown.registry, null, "Ironic's fake BIOS interface reports no registry");
  const set = ok(["bios", "set", "ir-walk", "ProcVirtualization=Disabled"]);
  assert.equal(set.current.ProcVirtualization, "Disabled", JSON.stringify(set));
  assert.equal((await ironicBios()).ProcVirtualization, "Disabled");
  assert.equal((await node()).provision_state, "manageable", "the clean ended where the build stands");
  // The Firmware section reads Ironic's firmware cache; updates go by URL, as a step Ironic runs.
  const firmware = ok(["firmware", "show", "ir-walk"]);
  assert.deepEqual([firmware.canFetch, firmware.canUpload], [true, false], JSON.stringify(firmware));
  assert.ok(Array.isArray(firmware.components));
  // Fake hardware has no firmware step to run: Ironic's own reason comes back.
  const flash = rackctl(["maintain", "--servers", "ir-walk", "--task", "firmware:http://127.0.0.1:9/bios.bin"]);
  assert.notEqual(flash.status, 0);
  assert.match(JSON.stringify(flash.json), /update_firmware/, JSON.stringify(flash.json));
  // Building's tasks run the same way: a manual clean, not servicing (the node is not deployed),
  // taken up again after the clean that failed.
  const legacy = join(scratch, "legacy.json");
  writeFileSync(legacy, JSON.stringify({ Attributes: { BootMode: "Legacy" } }));
  const cleaned = ok(["maintain", "--servers", "ir-walk", "--task", `bios:${legacy}`]);
  assert.equal(cleaned.job.state, "succeeded", JSON.stringify(cleaned));
  assert.match(cleaned.servers[0].result, /bios\.apply_configuration applied by a manual clean/);
  assert.equal((await ironicBios()).BootMode, "Legacy");

  // What Ironic does not offer is refused by the guard with that reason, before anything is tried.
  const rules = Object.fromEntries(ok(["stage", "show", "ir-walk"]).actions.map((r) => [r.action, r]));
  assert.equal(rules.kvm.refusal?.code, "backend_cannot", JSON.stringify(rules.kvm));
  assert.equal(rules.bmc_settings.refusal?.code, "backend_cannot");
  assert.equal(rules.bios_settings.allowed, true);
  const consoleTry = rackctl(["console", "snapshot", "--server", "ir-walk", "--out", join(scratch, "none.png")]);
  assert.notEqual(consoleTry.status, 0);
  assert.equal(consoleTry.json.error.code, "backend_cannot", JSON.stringify(consoleTry.json));
  assert.match(consoleTry.json.error.message, /Ironic/);
  // Reads Ironic has no API for are not taken from the BMC behind its back.
  const raid = rackctl(["raid", "show", "ir-walk"]);
  assert.notEqual(raid.status, 0);
  assert.match(raid.json.error.message, /reaches its hardware only through Ironic's API/, JSON.stringify(raid.json));

  // Into service: Ironic provides (automated cleaning) and deploys.
  ok(["stage", "move", "ir-walk", "in-service"]);
  assert.equal((await node()).provision_state, "active");
  assert.equal(server().stage, "in_service");

  // Customer maintenance changes nothing in Ironic; its BIOS task is servicing.
  ok(["stage", "move", "ir-walk", "maintenance"]);
  assert.equal((await node()).provision_state, "active");
  const serviced = ok(["maintain", "--servers", "ir-walk", "--task", `bios:${legacy}`, "--task", "reboot"]);
  assert.equal(serviced.job.state, "succeeded", JSON.stringify(serviced));
  assert.match(serviced.servers[0].result, /bios\.apply_configuration serviced/);
  const after = Object.fromEntries((await call("GET", `/v1/nodes/${walk}/bios`)).bios.map((b) => [b.name, b.value]));
  assert.equal(after.BootMode, "Legacy");
  assert.ok((await events()).some((e) => e.startsWith("Starting servicing")), (await events()).join("\n"));
  ok(["sync"]);
  assert.equal(server().stage, "maintenance_customer", "a sync keeps the customer's maintenance of an active node");

  // The operator's hold on and off is Ironic's maintenance flag.
  ok(["settings", "set", "--operator-mode", "true"]);
  ok(["stage", "move", "ir-walk", "operator-hold", "--reason", "fan swap", "--until", "2030-01-01T00:00:00Z"]);
  assert.equal((await node()).maintenance_reason, "fan swap");
  ok(["sync"]);
  assert.equal(server().stage, "maintenance_operator");
  ok(["stage", "move", "ir-walk", "maintenance"]);
  assert.equal((await node()).maintenance, false);
  ok(["settings", "set", "--operator-mode", "false"]);
  ok(["stage", "move", "ir-walk", "in-service"]);

  // A scheduled order runs unattended through Ironic: moved to Maintenance for
  // the run (no reboot in service), serviced, and back in service after.
  const uefi = join(scratch, "uefi.json");
  writeFileSync(uefi, JSON.stringify({ Attributes: { BootMode: "Uefi" } }));
  const order = ok(["order", "add", "--name", "ironic night", "--servers", "ir-walk", "--task", `bios:${uefi}`, "--at", "now", "--allow-stage-move"]);
  const agent = ok(["agent", "--once"]);
  assert.equal(agent.started.length, 1, JSON.stringify(agent));
  const [run] = ok(["order", "show", order.id]).runs;
  assert.equal(run.state, "done", JSON.stringify(run));
  const scheduled = Object.fromEntries((await call("GET", `/v1/nodes/${walk}/bios`)).bios.map((b) => [b.name, b.value]));
  assert.equal(scheduled.BootMode, "Uefi", "the order's BIOS change was serviced by Ironic");
  assert.equal(server().stage, "in_service", "back in service after the run");

  // Deletion is Ironic's undeploy and automated cleaning; the certificate quotes its clean steps.
  const deleted = ok(["delete", "--servers", "ir-walk", "--confirm", "ir-walk", "--reason", "contract ended", "--wait"]);
  assert.equal(deleted.job.state, "succeeded", JSON.stringify(deleted));
  facts = await node();
  assert.equal(facts.provision_state, "available");
  assert.equal(server().stage, "inventory");
  const certificate = ok(["certificate", "show", "ir-walk"]);
  const steps = certificate.steps.map((s) => s.step);
  assert.deepEqual(steps, ["ironic_cleaning", "ironic_clean_steps", "ironic:vendor.log_passthrough", "verify"], JSON.stringify(certificate.steps));
  assert.equal(certificate.server.serial, "FK-0042");
  assert.equal(certificate.reason, "contract ended");

  // End of life: the retired flag.
  ok(["stage", "move", "ir-walk", "retired", "--reason", "EOSL"]);
  facts = await node();
  assert.equal(facts.retired, true);
  assert.equal(facts.retired_reason, "EOSL");
  ok(["sync"]);
  assert.equal(server().stage, "retired");
});

test("a failed manual clean fails the build with Ironic's reason, and the tabs show it", async () => {
  const broken = (await call("POST", "/v1/nodes", { name: "ir-nobios", driver: "fake-hardware", bios_interface: "no-bios" })).uuid;
  await provision(broken, "manage", "manageable");
  withBackend();
  ok(["sync"]);
  ok(["stage", "move", "ir-nobios", "building"]);
  const file = join(scratch, "bios-only.json");
  writeFileSync(file, JSON.stringify({ racksmithBuildProfile: 1, profile: { name: "bios-only", bios: { BootMode: "Uefi" } } }));
  const failed = rackctl(["build", "apply", "--profile", file, "--servers", "ir-nobios"]);
  assert.notEqual(failed.status, 0);
  const ironic = await call("GET", `/v1/nodes/${broken}`);
  assert.equal(ironic.provision_state, "clean failed");
  assert.ok(ironic.last_error, "Ironic says why");
  assert.ok(JSON.stringify(failed.json).includes("clean failed"), JSON.stringify(failed.json));
  ok(["sync"]);
  const server = ok(["server", "list"]).servers.find((s) => s.name === "ir-nobios");
  assert.equal(server.stage, "building", "a failed build stays in Building");
  assert.equal(server.refreshErrorCode, "ironic_error");
  assert.ok(server.refreshError.includes(ironic.last_error.slice(0, 40)), server.refreshError);
});

test("a redfish node goes into service from the ISO mounted while it was built: Ironic boots it through the emulator's virtual media", async () => {
  // The ISO, served on loopback by its own process (rackctl runs synchronously
  // here, so this process cannot answer); sushy-tools fetches it when Ironic inserts it.
  const www = join(scratch, "www");
  mkdirSync(www, { recursive: true });
  writeFileSync(join(www, "installer-24.04.iso"), Buffer.alloc(64 * 1024, 7));
  const port = await freePort();
  const web = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", www], { stdio: ["ignore", openSync(join(scratch, "www.log"), "w"), openSync(join(scratch, "www.err"), "w")] });
  const iso = `http://127.0.0.1:${port}/installer-24.04.iso`;
  for (let tries = 0; ; tries += 1) {
    try {
      if ((await fetch(iso, { method: "HEAD" })).ok) break;
    } catch {
      // not listening yet
    }
    assert.ok(tries < 50, "the ISO server did not start");
    await sleep(100);
  }
  try {
    const node = (
      await call("POST", "/v1/nodes", {
        name: "ir-vm",
        driver: "redfish",
        deploy_interface: "ramdisk",
        boot_interface: "redfish-virtual-media",
        // No agent runs here to clean it.
        automated_clean: false,
        driver_info: {
          redfish_address: sushyUrl,
          redfish_system_id: `/redfish/v1/Systems/${SUSHY_ISO_SYSTEM.uuid}`,
          redfish_username: "unused",
          redfish_password: "unused",
        },
      })
    ).uuid;
    await provision(node, "manage", "manageable");
    withBackend();
    ok(["sync"]);
    ok(["stage", "move", "ir-vm", "building"]);
    // A local file cannot be handed to Ironic; a URL becomes its deploy ISO.
    assert.notEqual(rackctl(["media", "insert", "ir-vm", "/etc/hostname"]).status, 0);
    const media = ok(["media", "insert", "ir-vm", iso]);
    assert.deepEqual(media.slots.map((s) => [s.inserted, s.image]), [[true, iso]]);
    ok(["stage", "move", "ir-vm", "in-service"]);
    const deployed = await call("GET", `/v1/nodes/${node}`);
    assert.equal(deployed.provision_state, "active", deployed.last_error);
    const cd = await (await fetch(`${sushyUrl}/redfish/v1/Systems/${SUSHY_ISO_SYSTEM.uuid}/VirtualMedia/Cd`)).json();
    assert.equal(cd.Inserted, true, JSON.stringify(cd));
    assert.equal(cd.Image, iso, "the emulator holds the ISO Racksmith mounted");
    assert.match(readFileSync(join(scratch, "www.err"), "utf8"), /GET \/installer-24\.04\.iso/, "the emulator fetched the ISO");
    // In service the media and the boot device are read and set through Ironic.
    const shown = ok(["media", "show", "ir-vm"]);
    assert.ok(shown.slots.some((s) => s.inserted), JSON.stringify(shown));
    const boot = ok(["boot", "once", "ir-vm", "pxe"]);
    assert.equal(boot.bootTarget, "Pxe", JSON.stringify(boot));
  } finally {
    await stopChild(web);
  }
});

test("machines enrolled and inspected from rackctl: Ironic manages one once it reaches its BMC, and names the BMC it cannot reach", async () => {
  withBackend();
  const enrolled = ok(
    ["backend", "enroll", "--name", "ir-enrolled", "--driver", "redfish", "--bmc-address", sushyUrl, "--system-id", `/redfish/v1/Systems/${SUSHY_SYSTEM.uuid}`, "--bmc-user", "admin", "--password-stdin"],
    "bmc-password\n",
  );
  assert.equal(enrolled.stage, "inventory");
  const node = await call("GET", "/v1/nodes/ir-enrolled");
  assert.equal(node.provision_state, "manageable", "Ironic reached the emulator and manages it");
  assert.equal(node.driver_info.redfish_password, "******", "the password is Ironic's to keep, and it hides it");

  const port = await freePort();
  const unreachable = rackctl(
    ["backend", "enroll", "--name", "ir-nobmc", "--driver", "redfish", "--bmc-address", `http://127.0.0.1:${port}`, "--bmc-user", "admin", "--password-stdin"],
    "bmc-password\n",
  );
  assert.notEqual(unreachable.status, 0);
  assert.equal(unreachable.json.error.code, "ironic_error", JSON.stringify(unreachable.json));
  assert.match(unreachable.json.error.message, new RegExp(`ir-nobmc is enroll, not manageable: .*127\\.0\\.0\\.1:${port}`));
  const stuck = ok(["server", "list"]).servers.find((s) => s.name === "ir-nobmc");
  assert.equal(stuck.refreshErrorCode, "ironic_error", "the tabs show why it is not managed");

  ok(["backend", "enroll", "--name", "ir-fake", "--driver", "fake-hardware"]);
  const inspected = ok(["backend", "inspect", "ir-fake"]);
  assert.equal(inspected.stage, "inventory");
  const actions = auditActions();
  assert.ok(actions.includes("ironic_enrol") && actions.includes("ironic_inspect"), actions.join(", "));
  ok(["stage", "move", "ir-fake", "building"]);
  ok(["backend", "inspect", "ir-fake"]);
  ok(["stage", "move", "ir-fake", "in-service"]);
  assert.equal(rackctl(["backend", "inspect", "ir-fake"]).json.error.code, "stage_forbids", "a node in service is not inspected");
});

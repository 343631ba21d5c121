// Benchmark: 1,000 fake-hardware nodes enrolled in a real Ironic, then synced
// into the cache by the real `rackctl`. It prints the figures beside their peer
// in the same run (Ironic listing its own nodes over its API) and the Inventory
// tab's query over the synced cache; it fails only if something breaks, never
// on a time.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { targetDir } from "../../src-tauri/scripts/prerequisites.mjs";
import { startIronic } from "./ironic-service.mjs";

const NODES = Number(process.env.RACKSMITH_BENCH_NODES ?? 1000);
const rackctlPath = process.env.RACKSMITH_RACKCTL ?? join(targetDir(), "debug", "rackctl");
const scratch = mkdtempSync(join(tmpdir(), "racksmith-ironic-bench-"));
const profile = join(scratch, "profile");

function rackctl(args) {
  const started = performance.now();
  const result = spawnSync(rackctlPath, [...args, "--json"], {
    env: { ...process.env, RACKSMITH_PROFILE_DIR: profile },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  assert.equal(result.status, 0, `rackctl ${args.join(" ")}: ${result.stdout} ${result.stderr}`);
  return { json: JSON.parse(result.stdout), ms };
}

async function timed(work) {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

const ironic = await startIronic(scratch);
try {
  const enrolled = await timed(async () => {
    for (let first = 0; first < NODES; first += 25) {
      const batch = [];
      for (let i = first; i < Math.min(first + 25, NODES); i += 1) {
        const name = `bench-${String(i).padStart(4, "0")}`;
        batch.push(ironic.call("POST", "/v1/nodes", { name, driver: "fake-hardware", properties: { model: "Fake 1U" } }));
      }
      await Promise.all(batch);
    }
  });

  // The peer: Ironic listing every node with its details, page by page.
  const listed = await timed(async () => {
    let count = 0;
    let path = "/v1/nodes?detail=True&limit=1000";
    for (;;) {
      const page = await ironic.call("GET", path);
      count += page.nodes.length;
      if (!page.next || page.nodes.length === 0) return count;
      path = page.next.replace(ironic.api, "");
    }
  });
  assert.equal(listed.value, NODES);

  rackctl(["backend", "add", "ironic", "--url", ironic.api, "--no-auth"]);
  const first = rackctl(["sync"]);
  assert.equal(first.json[0].counts.added, NODES, JSON.stringify(first.json));
  const again = rackctl(["sync"]);
  assert.equal(again.json[0].counts.unchanged, NODES, JSON.stringify(again.json));
  const tab = rackctl(["server", "list", "--tab", "inventory"]);
  assert.equal(tab.json.servers.length, NODES);
  const start = rackctl(["version"]);

  // The Inventory tab in the real window (when the app is built and a display
  // is there): from the click to the first page of synced nodes on screen,
  // beside the same click to an empty tab in the same window.
  let windowFigures = null;
  if (process.env.RACKSMITH_APP) {
    const { withApp } = await import("../e2e/webdriver.mjs");
    // The tab alone is timed: the runner's minute-by-minute sync of the same
    // 1,000 nodes is turned off so it cannot land inside a click.
    await withApp({ root: scratch, profile, env: { RACKSMITH_BACKEND_SYNC_SECS: "0" } }, async (app) => {
      const nav = (tab) => app.find(`//nav//a[@href='#/${tab}']`, 60_000);
      await app.find("//main//table//a[starts-with(normalize-space(.),'bench-')]", 120_000);
      const times = { empty: [], inventory: [] };
      for (let round = 0; round < 3; round += 1) {
        let started = performance.now();
        await app.click(await nav("deletion"));
        await app.find("//main//*[normalize-space(.)='No servers are being deleted.']", 60_000);
        times.empty.push(performance.now() - started);
        started = performance.now();
        await app.click(await nav("inventory"));
        await app.find("//main//table//a[normalize-space(.)='bench-0000']", 60_000);
        times.inventory.push(performance.now() - started);
      }
      const rows = await app.findAll("//main//table/tbody/tr");
      // The table draws the rows in view (a virtual list), not all 1,000.
      assert.ok(rows.length >= 20, `the first screen of rows is shown (${rows.length} rows)`);
      const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
      windowFigures = { empty: median(times.empty), inventory: median(times.inventory), rows: rows.length };
    });
  }

  const s = (ms) => (ms / 1000).toFixed(2);
  console.log(`Ironic benchmark: ${NODES} fake-hardware nodes`);
  console.log(`  enrolled through Ironic's API            ${s(enrolled.ms)} s`);
  console.log(`  Ironic lists them (peer, one process)     ${s(listed.ms)} s`);
  console.log(`  rackctl sync, all new                     ${s(first.ms)} s  (${(first.ms / listed.ms).toFixed(1)}x Ironic's own listing)`);
  console.log(`  rackctl sync again, none changed          ${s(again.ms)} s  (${(again.ms / listed.ms).toFixed(1)}x)`);
  console.log(`  Inventory tab's query over the cache      ${s(tab.ms)} s  (rackctl start-up alone: ${s(start.ms)} s)`);
  if (windowFigures) {
    console.log(
      `  Inventory tab in the window, click to its first ${windowFigures.rows} rows drawn  ${s(windowFigures.inventory)} s  (an empty tab: ${s(windowFigures.empty)} s; ${(windowFigures.inventory / windowFigures.empty).toFixed(1)}x; median of 3, WebDriver round trips included)`,
    );
  } else {
    console.log("  Inventory tab in the window               not timed (set RACKSMITH_APP to the built app, with a display)");
  }
} finally {
  await ironic.stop();
}

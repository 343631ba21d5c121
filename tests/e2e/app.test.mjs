// End-to-end tests of the real app binary in a real window (WebKitGTK under Xvfb),
// driven through tauri-driver. Run by `npm test`, which sets RACKSMITH_APP.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { sqlite } from "./sqlite.mjs";
import { scratchProfile, withApp } from "./webdriver.mjs";

const cargoVersion = readFileSync(join(import.meta.dirname, "..", "..", "Cargo.toml"), "utf8").match(
  /\[workspace\.package\][^[]*?version = "([^"]+)"/,
)[1];

const tabs = [
  ["inventory", "Inventory"],
  ["building", "Building"],
  ["in-service", "In service"],
  ["maintenance", "Maintenance"],
  ["deletion", "Deletion"],
];

// Waits for the menu entry to read `text`: the UI updates asynchronously after a change.
const menuLabel = (href, text) => `//nav//a[@href='#/${href}']/span[1][normalize-space(.)='${text}']`;
const heading = (text) => `//main//h1[normalize-space(.)='${text}']`;

test("stage tabs, Japanese, and facts from Rust in the real window", async () => {
  const scratch = scratchProfile();
  await withApp(scratch, async (app) => {
    await app.find("//nav//h2[normalize-space(.)='Lifecycle management']", 30_000);
    await app.find(heading("Inventory"));
    await app.find("//main//p[contains(., 'No servers in stock')]");

    for (const [href, title] of tabs) {
      await app.click(await app.find(`//nav//a[@href='#/${href}']`));
      await app.find(heading(title));
      const link = await app.find(`//nav//a[@href='#/${href}']`);
      assert.equal(await app.attribute(link, "aria-current"), "page", `${title} is the current tab`);
    }

    await app.click(await app.find("//nav//a[@href='#/settings']"));
    // These values exist only in Rust: the crate version and the profile folder.
    const version = await app.text(await app.find("//dd[@data-fact='version']"));
    assert.equal(version, cargoVersion);
    await app.find(`//dd/code[normalize-space(.)='${scratch.profile}']`);

    // The drop-down is disabled while settings load or save; choose only once it is enabled.
    const language = "//label[normalize-space(.)='Language']/following-sibling::select[not(@disabled)]";
    await app.click(await app.find(`${language}/option[@value='ja']`));
    await app.find(menuLabel("inventory", "在庫"));
    await app.find(heading("設定"));
    await app.find("//nav//h2[normalize-space(.)='ライフサイクル管理']");
  });

  // The choice reached the profile's database, so the next start is Japanese too.
  const db = join(scratch.profile, "racksmith.sqlite3");
  const [[saved]] = sqlite(db, "SELECT value FROM settings WHERE key = 'preferences'");
  assert.equal(JSON.parse(saved).language, "ja");

  // Servers seeded into the cache appear on their own tab, and only there.
  const insert =
    "INSERT INTO servers (id, name, stage, model, created_at, updated_at) VALUES (?, ?, ?, 'R760', '2026-11-24T00:00:00Z', '2026-11-24T00:00:00Z')";
  sqlite(db, insert, ["a", "bld-001", "building"]);
  sqlite(db, insert, ["b", "svc-001", "in_service"]);
  await withApp(scratch, async (app) => {
    await app.find(heading("在庫"), 30_000);
    await app.click(await app.find("//nav//a[@href='#/building']"));
    await app.find(heading("構築中"));
    await app.find("//main//table//th[@scope='row'][normalize-space(.)='bld-001']");
    const rows = await app.findAll("//main//table/tbody/tr");
    assert.equal(rows.length, 1, "only the Building server is on the Building tab");
    await app.find("//nav//a[@href='#/in-service']//span[@class='badge'][normalize-space(.)='1']");
  });
});

test("a database from a newer Racksmith is refused with a clear message and left untouched", async () => {
  const scratch = scratchProfile();
  const db = join(scratch.profile, "racksmith.sqlite3");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(scratch.profile, { recursive: true });
  sqlite(db, "PRAGMA user_version = 99");
  await withApp(scratch, async (app) => {
    const alert = await app.find("//*[@role='alert']", 30_000);
    const text = await app.text(alert);
    assert.match(text, /Racksmith could not open its profile/);
    assert.match(text, /written by a newer version of Racksmith/);
  });
  assert.deepEqual(sqlite(db, "PRAGMA user_version"), [[99]]);
  assert.deepEqual(sqlite(db, "SELECT name FROM sqlite_master"), []);
});

test("starts in Japanese when the operating system is Japanese", async () => {
  const scratch = scratchProfile();
  await withApp({ ...scratch, env: { LANG: "ja_JP.UTF-8" } }, async (app) => {
    await app.find(menuLabel("in-service", "サービス利用中"), 30_000);
    await app.find(heading("在庫"));
    await app.find("//html[@lang='ja']");
  });
});

// End-to-end: the KVM console in the real window. A lab server in service is
// shut down, its console opened, powered on from the console (POST appears on
// the canvas), an ISO mounted by URL with a one-time boot from CD, and the
// server started again into the installer.
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";

import { rackctl, startLab } from "./lab.mjs";
import { artifacts, scratchProfile, withApp } from "./webdriver.mjs";

const button = (text) => `//button[normalize-space(.)='${text}' and not(@disabled)]`;
const CANVAS = "//canvas[@aria-label='Server screen']";

/** Whether the canvas has a pixel of `rgb` in the band of rows [y, y + h). */
const HAS_COLOUR = `
  const [y, h, rgb] = arguments;
  const c = document.querySelector("canvas[aria-label='Server screen']");
  if (!c || c.width === 0) return false;
  const data = c.getContext("2d").getImageData(0, y, c.width, h).data;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) return true;
  }
  return false;`;

async function waitForColour(app, what, y, h, rgb, timeoutMs = 30_000) {
  const start = Date.now();
  while (!(await app.execute(HAS_COLOUR, [y, h, rgb]))) {
    if (Date.now() - start > timeoutMs) {
      await app.saveSource(`console-${what.replace(/\W+/g, "-")}`);
      throw new Error(`the canvas never showed ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function saveCanvas(app, name) {
  const url = await app.execute(`return document.querySelector("canvas[aria-label='Server screen']").toDataURL("image/png");`);
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, name), Buffer.from(url.split(",")[1], "base64"));
}

const CANVAS_URL = `return document.querySelector("canvas[aria-label='Server screen']").toDataURL("image/png");`;

/** Presses keys on the canvas from inside the page, alternating a letter and
 *  Backspace so the installer's field changes every time, and times each from
 *  the key event to the batch painted on the canvas, and to the next frame the
 *  window presents after it. */
const KEY_TO_CANVAS = `
  const [pairs] = arguments;
  const done = arguments[arguments.length - 1];
  const c = document.querySelector("canvas[aria-label='Server screen']");
  c.focus();
  const painted = [], presented = [];
  const keys = [];
  for (let i = 0; i < pairs; i++) keys.push(["KeyX", "x"], ["Backspace", "Backspace"]);
  let i = 0;
  const next = () => {
    if (i === keys.length) return done({ painted, presented });
    const [code, key] = keys[i++];
    const before = Number(c.dataset.frames);
    const watch = new MutationObserver(() => {
      if (Number(c.dataset.frames) <= before) return;
      watch.disconnect();
      clearTimeout(stuck);
      const t1 = performance.now();
      requestAnimationFrame(() => {
        presented.push(performance.now() - t0);
        painted.push(t1 - t0);
        setTimeout(next, 20);
      });
    });
    const stuck = setTimeout(() => { watch.disconnect(); done({ painted, presented, stuck: code }); }, 5000);
    watch.observe(c, { attributes: true, attributeFilter: ["data-frames"] });
    const t0 = performance.now();
    c.dispatchEvent(new KeyboardEvent("keydown", { code, key, bubbles: true, cancelable: true }));
    c.dispatchEvent(new KeyboardEvent("keyup", { code, key, bubbles: true, cancelable: true }));
  };
  next();`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Clicks a power button, then its confirmation when the action asks for one. */
async function power(app, label) {
  await app.click(await app.find(button(label), 20_000));
  const confirm = await app.findAll(`//dialog[@open]//button[normalize-space(.)='${label}']`);
  if (confirm.length > 0) await app.click(confirm[0]);
}

test("power a lab server on from its console, see POST, mount an ISO and boot the installer", async () => {
  const scratch = scratchProfile();
  // Half real speed: the POST screen stays up 2.5 s, long enough to be seen.
  const lab = await startLab(scratch.root, 1, scratch.profile, { consoles: true, timeScale: 0.5 });
  const iso = createServer((req, res) => {
    res.writeHead(req.url === "/os/installer.iso" ? 200 : 404, { "Content-Length": 4 }).end(req.method === "HEAD" ? undefined : "ISO!");
  });
  await new Promise((resolve) => iso.listen(0, "127.0.0.1", resolve));
  const isoUrl = `http://127.0.0.1:${iso.address().port}/os/installer.iso`;
  try {
    rackctl(scratch.profile, ["lab", "enrol"]);
    const [server] = rackctl(scratch.profile, ["server", "list"]).servers;
    rackctl(scratch.profile, ["stage", "move", server.name, "building"]);
    rackctl(scratch.profile, ["stage", "move", server.name, "in-service"]);
    rackctl(scratch.profile, ["power", "shutdown", server.name]);

    await withApp(scratch, async (app) => {
      await app.click(await app.find("//nav//a[@href='#/in-service']", 20_000));
      await app.click(await app.find(`//main//table//a[normalize-space(.)='${server.name}']`, 30_000));
      await app.click(await app.find("//a[normalize-space(.)='Open console']", 30_000));
      await app.find("//span[@role='status' and @data-state='connected']", 30_000);
      await app.find(`${CANVAS}[@data-frames > 0 and @data-width='800' and @data-height='600']`, 30_000);
      await app.find("//p[contains(@class,'console-power') and normalize-space(.)='Power: Off']", 30_000);

      // Power on from the console bar: the POST screen ("Press F2 for setup" in yellow).
      await app.click(await app.find(button("Power…")));
      await power(app, "Power on");
      await waitForColour(app, "the POST screen", 600 - 48, 16, [0xff, 0xd7, 0x5f]);
      await saveCanvas(app, "console-post.png");
      await app.find("//p[contains(@class,'console-power') and normalize-space(.)='Power: On']", 30_000);
      await app.find("//span[contains(@class,'console-fps')]");

      // Mount the ISO by URL, booting from it once; the bar shows it.
      await app.click(await app.find(button("Media…")));
      await app.type(await app.find("//input[@type='text' and (@aria-label='Image URL' or @id=//label[normalize-space(.)='Image URL']/@for)] | //label[normalize-space(.)='Image URL']//input[@type='text']"), isoUrl);
      await app.click(await app.find("//label[normalize-space(.)='Boot from it once at the next start']//input"));
      await app.click(await app.find(button("Mount")));
      await app.find(`//p[contains(@class,'console-media') and normalize-space(.)='CD: ${isoUrl}']`, 30_000);
      await app.find("//*[normalize-space(.)='Next boot: CD (once)']", 30_000);

      // In service allows no forced restart: shut down, then on again, into the installer.
      await power(app, "Shut down (graceful)");
      await app.find("//p[contains(@class,'console-power') and normalize-space(.)='Power: Off']", 60_000);
      await power(app, "Power on");
      await waitForColour(app, "the installer", 0, 8, [0x1d, 0x4f, 0x91], 60_000);
      await saveCanvas(app, "console-installer.png");

      // Real keystrokes through WebKit into the canvas: the installer's host-name field echoes them.
      const blank = await app.execute(CANVAS_URL);
      await app.type(await app.find(CANVAS), "lab");
      const typedStart = Date.now();
      while ((await app.execute(CANVAS_URL)) === blank) {
        assert.ok(Date.now() - typedStart < 10_000, "keys typed into the canvas never changed the screen");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // Key to canvas, measured in the page: IPC out, the BMC's echo, the frame batch back over the channel, the paint.
      const timing = await app.executeAsync(KEY_TO_CANVAS, [30]);
      assert.equal(timing.stuck, undefined, `a ${timing.stuck} key never changed the canvas`);
      assert.equal(timing.painted.length, 60);
      const ms = (v) => v.toFixed(1);
      console.log(
        `key to canvas (lab, real window, ${timing.painted.length} keys): painted p50 ${ms(percentile(timing.painted, 50))} ms, ` +
          `p95 ${ms(percentile(timing.painted, 95))} ms; presented p50 ${ms(percentile(timing.presented, 50))} ms, ` +
          `p95 ${ms(percentile(timing.presented, 95))} ms`,
      );

      await app.click(await app.find(button("Screenshot")));
      await app.find("//*[starts-with(normalize-space(.), 'Saved to ') and contains(., '.png')]", 20_000);
    });

    const audit = rackctl(scratch.profile, ["audit", "list"]);
    const actions = (Array.isArray(audit) ? audit : audit.entries ?? []).map((entry) => entry.action);
    for (const wanted of ["console_open", "media_insert", "power_on"]) {
      assert.ok(actions.includes(wanted), `no ${wanted} in the audit: ${actions.join(", ")}`);
    }
  } finally {
    iso.close();
    await lab.stop();
  }
});

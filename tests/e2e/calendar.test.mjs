// End-to-end: a scheduled order in the real window. An order is made by
// selecting tomorrow on the calendar, dragged onto today, run by the app's own
// runner when it comes due, and its per-server result opened from the calendar.
import assert from "node:assert/strict";
import { test } from "node:test";

import { rackctl, startLab } from "./lab.mjs";
import { scratchProfile, withApp } from "./webdriver.mjs";

const button = (text) => `//button[normalize-space(.)='${text}' and not(@disabled)]`;

/** `YYYY-MM-DD` of the day `arguments[1]` days after the moment `arguments[0]`
 *  (ms), in the page's own time zone. */
const DAY = `
  const d = new Date(arguments[0]);
  d.setDate(d.getDate() + arguments[1]);
  const pad = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());`;

/** Sets the dialog's start (a datetime-local field) to the day after the
 *  moment `arguments[0]` (ms), at its time of day, the way React sees a typed value. */
const SET_START = `
  const field = [...document.querySelectorAll("dialog[open] input[type='datetime-local']")][0];
  const d = new Date(arguments[0]);
  d.setDate(d.getDate() + 1);
  const pad = (n) => String(n).padStart(2, "0");
  const value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  setter.call(field, value);
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.dispatchEvent(new Event("change", { bubbles: true }));
  return value;`;

/** The lab's one server, enrolled and moved to Maintenance. */
function enrolledInMaintenance(profile) {
  rackctl(profile, ["lab", "enrol"]);
  const [server] = rackctl(profile, ["server", "list"]).servers;
  for (const stage of ["building", "in-service", "maintenance"]) {
    rackctl(profile, ["stage", "move", server.name, stage]);
  }
  return server;
}

test("make an order by selecting a slot, drag it to today, and see it run with its results", async () => {
  const scratch = scratchProfile();
  const lab = await startLab(scratch.root, 1, scratch.profile);
  try {
    const server = enrolledInMaintenance(scratch.profile);

    await withApp(scratch, async (app) => {
      await app.click(await app.find("//nav//a[@href='#/calendar']", 20_000));
      await app.find("//section[@aria-label='Order calendar']", 20_000);
      await app.click(await app.find(button("Month")));
      // The run is to start a minute from now: on "today" (the day of that
      // moment, which may be after midnight) once dragged there from the next day.
      const due = Date.now() + 60_000;
      const today = await app.execute(DAY, [due, 0]);
      const tomorrow = await app.execute(DAY, [due, 1]);

      // Selecting tomorrow opens a new order there.
      await app.click(await app.find(`//td[@data-date='${tomorrow}']`));
      await app.find("//dialog[@open]//*[normalize-space(.)='New order']", 10_000);
      await app.type(await app.find("//dialog[@open]//label[normalize-space(.)='Name']/following::input[1]"), "E2E reboot");
      const start = await app.execute(SET_START, [due]);
      assert.ok(start.startsWith(tomorrow), `${start} is not on ${tomorrow}`);
      await app.click(await app.find(`//dialog[@open]//label[starts-with(normalize-space(.), '${server.name} ')]//input`));
      await app.click(await app.find("//dialog[@open]" + button("Save order")));
      await app.find("//*[starts-with(normalize-space(.), 'Order E2E reboot saved')]", 20_000);
      const event = await app.find(`//td[@data-date='${tomorrow}']//*[contains(@class,'fc-event') and contains(., 'E2E reboot (Planned)')]`, 20_000);

      // Dragged onto today: the same time of day, now a minute away. (A month
      // view shows whole weeks, so both days are on it, even across a month's end.)
      // FullCalendar moves an event by the days between where it was grabbed and
      // where it was let go: move by exactly the distance between the two cells.
      const points = await app.execute(
        `const centre = (el) => { const r = el.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; };
         const cell = (d) => centre(document.querySelector("td[data-date='" + d + "']"));
         const [a, b] = [cell(arguments[0]), cell(arguments[1])];
         const grab = centre(arguments[2]);
         return { from: grab, to: { x: grab.x + b.x - a.x, y: grab.y + b.y - a.y } };`,
        [tomorrow, today, { "element-6066-11e4-a52e-4f735466cecf": event }],
      );
      await app.drag(points.from, points.to);
      await app.find("//*[starts-with(normalize-space(.), 'Order E2E reboot moved')]", 20_000);
      await app.find(`//td[@data-date='${today}']//*[contains(@class,'fc-event') and contains(., 'E2E reboot')]`, 20_000);

      // The app's runner takes it when due; the calendar shows it done.
      await app.find(`//td[@data-date='${today}']//*[contains(@class,'fc-event') and contains(., 'E2E reboot (Done)')]`, 180_000);

      // The order's run and its server's result.
      await app.click(await app.find("//table//button[normalize-space(.)='E2E reboot']", 20_000));
      await app.find("//dialog[@open]//*[normalize-space(.)='Order E2E reboot']", 10_000);
      // Opened from its occurrence, the run's servers may already be shown.
      const show = await app.find("//dialog[@open]" + button("Show servers"));
      if ((await app.attribute(show, "aria-pressed")) !== "true") await app.click(show);
      const row = await app.find(`//dialog[@open]//table//tr[th[contains(., '${server.name}')]]`, 20_000);
      const text = await app.text(row);
      assert.match(text, /rebooted/, text);
    });

    const shown = rackctl(scratch.profile, ["order", "list"]);
    assert.equal(shown.length, 1);
    const order = rackctl(scratch.profile, ["order", "show", shown[0].id]);
    assert.equal(order.runs.length, 1);
    assert.equal(order.runs[0].state, "done");
    assert.match(order.runs[0].runner, /Racksmith app/);
    const audit = rackctl(scratch.profile, ["audit", "list"]);
    const actions = (Array.isArray(audit) ? audit : audit.entries ?? []).map((entry) => entry.action);
    for (const wanted of ["order_add", "order_update"]) {
      assert.ok(actions.includes(wanted), `no ${wanted} in the audit: ${actions.join(", ")}`);
    }
  } finally {
    await lab.stop();
  }
});

test("with its window closed, the app keeps running scheduled orders from the tray", async () => {
  const scratch = scratchProfile();
  const lab = await startLab(scratch.root, 1, scratch.profile);
  try {
    const server = enrolledInMaintenance(scratch.profile);
    await withApp(scratch, async (app) => {
      await app.find("//nav//a[@href='#/calendar']", 20_000);
      // Closing the window hides it; the process and its runner stay.
      // Closing the window as its close button does (WebDriver's own close
      // would destroy it): the window hides, the process and its runner stay.
      const { execFileSync } = await import("node:child_process");
      execFileSync("/usr/bin/python3", [new URL("./close_window.py", import.meta.url).pathname, "Racksmith"]);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(await app.execute("return document.visibilityState;").catch(() => "gone"), "hidden");
      const order = rackctl(scratch.profile, [
        "order", "add", "--name", "from the tray", "--servers", server.name, "--task", "wait:bmc-ready:1", "--at", "now",
      ]);
      const deadline = Date.now() + 60_000;
      let run;
      while (!(run = rackctl(scratch.profile, ["order", "show", order.id]).runs[0])?.state?.match(/done|failed/)) {
        assert.ok(Date.now() < deadline, "the hidden app never ran the order");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      assert.equal(run.state, "done", JSON.stringify(run));
      assert.match(run.runner, /Racksmith app/);
    });
  } finally {
    await lab.stop();
  }
});

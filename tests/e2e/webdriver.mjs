// A small W3C WebDriver client and a launcher for the real app through tauri-driver,
// which starts WebKitWebDriver, which starts our binary in a real window.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export const artifacts = join(import.meta.dirname, ".artifacts");

async function request(base, method, path, body) {
  if (process.env.E2E_DEBUG) console.log(`-> ${method} ${path} ${body ? JSON.stringify(body) : ""}`);
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(Number(process.env.E2E_REQUEST_TIMEOUT ?? 60_000)),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    throw new Error(`WebDriver ${method} ${path} -> ${response.status}: ${JSON.stringify(json.value ?? json)}`);
  }
  return json.value;
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  call(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async findAll(xpath) {
    const found = await this.call("POST", "/elements", { using: "xpath", value: xpath });
    return found.map((element) => element[ELEMENT]);
  }

  /** Waits until `xpath` matches, then returns the first match. */
  async find(xpath, timeoutMs = 15_000) {
    let last = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      last = await this.findAll(xpath);
      if (last.length > 0) return last[0];
      await sleep(100);
    }
    const saved = await this.saveSource(`missing-${Date.now()}`).catch((e) => `(page not saved: ${e.message})`);
    throw new Error(`nothing matched ${xpath} within ${timeoutMs} ms; page saved to ${saved}`);
  }

  async text(element) {
    return this.call("GET", `/element/${element}/text`);
  }

  async attribute(element, name) {
    return this.call("GET", `/element/${element}/attribute/${name}`);
  }

  async click(element) {
    await this.call("POST", `/element/${element}/click`, {});
  }

  /** Types into a field, as keystrokes. */
  async type(element, text) {
    await this.call("POST", `/element/${element}/value`, { text });
  }

  /** Saves the page's HTML for a failed run to look at. (WebKitWebDriver's own
   *  screenshot command hangs under Xvfb, so the DOM is what we keep.) */
  /** Runs a script in the page and returns its result. */
  async execute(script, args = []) {
    return this.call("POST", "/execute/sync", { script, args });
  }

  /** Presses the mouse at a point of the viewport and lets go at another,
   *  moving in small steps, as a person drags (W3C actions). */
  async drag(from, to, steps = 10) {
    const at = (x, y, duration) => ({ type: "pointerMove", duration, origin: "viewport", x: Math.round(x), y: Math.round(y) });
    const moves = [];
    for (let i = 1; i <= steps; i++) {
      moves.push(at(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps, 30));
    }
    await this.call("POST", "/actions", {
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [at(from.x, from.y, 0), { type: "pointerDown", button: 0 }, { type: "pause", duration: 150 }, ...moves, { type: "pointerUp", button: 0 }],
        },
      ],
    });
    await this.call("DELETE", "/actions");
  }

  /** Runs a script that finishes by calling its last argument; for timings
   *  taken inside the page, away from WebDriver's own round trips. */
  async executeAsync(script, args = []) {
    return this.call("POST", "/execute/async", { script, args });
  }

  async saveSource(name) {
    const html = await this.call("GET", "/source");
    mkdirSync(artifacts, { recursive: true });
    const file = join(artifacts, `${name}.html`);
    writeFileSync(file, html);
    return file;
  }
}

async function freePort() {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A scratch profile folder and XDG folders, so a run never touches the user's. */
export function scratchProfile() {
  const root = mkdtempSync(join(tmpdir(), "racksmith-e2e-"));
  return { root, profile: join(root, "profile") };
}

/**
 * Starts tauri-driver (and through it the app) with `env`, runs `body(session)`,
 * then ends the session and stops the driver by its own process group.
 */
export async function withApp({ root, profile, env = {} }, body) {
  const application = process.env.RACKSMITH_APP;
  if (!application) throw new Error("RACKSMITH_APP must name the built app binary");
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      LANG: "en_US.UTF-8",
      LANGUAGE: "",
      LC_ALL: "",
      RACKSMITH_PROFILE_DIR: profile,
      XDG_DATA_HOME: join(root, "xdg-data"),
      XDG_CACHE_HOME: join(root, "xdg-cache"),
      XDG_CONFIG_HOME: join(root, "xdg-config"),
      WEBKIT_DISABLE_DMABUF_RENDERER: "1",
      NO_AT_BRIDGE: "1",
      GTK_USE_PORTAL: "0",
      ...env,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await request(base, "GET", "/status");
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`tauri-driver did not answer: ${error.message}`);
        await sleep(200);
      }
    }
    const created = await request(base, "POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application } } },
    });
    const session = new Session(base, created.sessionId);
    try {
      await body(session);
    } finally {
      await session.call("DELETE", "").catch(() => {});
    }
  } finally {
    try {
      process.kill(-driver.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

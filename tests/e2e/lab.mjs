// A lab run by the real `rackctl lab up`, for end-to-end tests: its own profile
// folder, stopped by its own PID afterwards.
import { execFileSync, spawn } from "node:child_process";
import { request } from "node:https";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** `profile`: the folder whose lab.json describes the lab (`rackctl lab enrol` reads it). */
export async function startLab(root, servers = 1, profile = join(root, "lab-profile"), { consoles = false, timeScale = 0.01 } = {}) {
  const rackctl = process.env.RACKSMITH_RACKCTL;
  if (!rackctl) throw new Error("RACKSMITH_RACKCTL must name the rackctl binary");
  const args = ["lab", "up", "--servers", String(servers), "--time-scale", String(timeScale), "--json"];
  if (!consoles) args.push("--no-vnc");
  const child = spawn(rackctl, args, {
    env: { ...process.env, RACKSMITH_PROFILE_DIR: profile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const first = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`rackctl lab up exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    servers: JSON.parse(first).servers,
    /** Resolves once the lab process has ended (its ports are closed). */
    stop: () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}

/** Makes a lab server regenerate its certificate, as a BMC whose certificate was reset. */
export function regenerateCertificate(server) {
  const url = new URL("/redfish/v1/Oem/RacksmithLab/Actions/RacksmithLab.RegenerateCertificate", server.redfish_url);
  const auth = Buffer.from(`${server.username}:${server.password}`).toString("base64");
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: "POST", ca: server.certificate_pem, headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" } },
      (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () =>
          response.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${response.statusCode}: ${body}`)),
        );
      },
    );
    call.on("error", reject);
    call.end("{}");
  });
}

/** Runs the real `rackctl` on a profile and returns its one JSON document. */
export function rackctl(profile, args) {
  const out = execFileSync(process.env.RACKSMITH_RACKCTL, [...args, "--json"], {
    env: { ...process.env, RACKSMITH_PROFILE_DIR: profile },
    encoding: "utf8",
  });
  return JSON.parse(out);
}

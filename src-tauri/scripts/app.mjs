// `npm run app`: installs what is missing, builds the app with its UI inside, and
// opens it on the built-in demo profile (or RACKSMITH_PROFILE_DIR when set).
import { spawn } from "node:child_process";
import { join } from "node:path";

import { ensurePrerequisites, run, targetDir } from "./prerequisites.mjs";

ensurePrerequisites({ forTests: false });

console.log("[app] building Racksmith (release; the first build takes several minutes)");
const built = run("npx", ["tauri", "build", "--no-bundle", "--ci"]);
if (built !== 0) process.exit(built);

const binary = join(targetDir(), "release", process.platform === "win32" ? "racksmith.exe" : "racksmith");
console.log(`[app] starting ${binary}`);
const app = spawn(binary, process.argv.slice(2), { stdio: "inherit" });
app.on("exit", (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    app.kill(signal);
  });
}

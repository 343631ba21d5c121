// Peers written in Python (the DMTF validator, sushy-tools) live in their own
// virtualenvs under ~/.cache/racksmith, one per pinned version, made on first use.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The bin folder of a venv holding `requirement`, installed if `probe` is missing. */
export function venvWith(name, requirement, probe) {
  const venv = join(homedir(), ".cache", "racksmith", name);
  const bin = join(venv, process.platform === "win32" ? "Scripts" : "bin");
  if (existsSync(join(bin, probe))) return bin;
  console.log(`installing ${requirement} into ${venv}`);
  for (const [command, args] of [
    ["python3", ["-m", "venv", venv]],
    [join(bin, "pip"), ["install", "-q", requirement]],
  ]) {
    const result = spawnSync(command, args, { stdio: "inherit" });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.error})`);
  }
  return bin;
}

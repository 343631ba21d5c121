import { Channel } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";

import { commands, type AppError, type JobEvent, type JobRecord } from "./index";
import { fakeDeletions } from "./fakeDeletion";
import { fakeServer, installFakeBackend, type FakeBackend } from "./testing";

/** Runs a deletion command and waits for its job's end, as the app's channel hears it. */
async function finished(begin: (progress: Channel<JobEvent>) => Promise<JobRecord>): Promise<JobRecord> {
  let done: (job: JobRecord) => void = () => {};
  const ended = new Promise<JobRecord>((resolve) => {
    done = resolve;
  });
  const progress = new Channel<JobEvent>((event) => {
    if (event.event === "finished") done(event.job);
  });
  await begin(progress);
  return ended;
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error("not refused");
}

function backendWith(...names: string[]): FakeBackend {
  return installFakeBackend({ servers: names.map((name) => fakeServer(name, "in_service")) });
}

describe("the fake deletion", () => {
  it("refuses a confirmation that is not the server's name, changing nothing", async () => {
    const backend = backendWith("web-1");
    const wrong = await refusal(() =>
      commands.startDeletion({ servers: ["id-web-1"], confirm: "Web-1", reason: null }, new Channel<JobEvent>()),
    );
    expect(wrong).toEqual({
      code: "confirmation_mismatch",
      message: "the confirmation must be the server's name, web-1; nothing was deleted",
    });
    expect(backend.servers[0]?.stage).toBe("in_service");
    expect(backend.deletion.passes).toHaveLength(0);
    expect(backend.jobs).toHaveLength(0);
    expect(backend.audit.map((e) => `${e.action}:${e.outcome}`)).toEqual(["delete:refused"]);
  });

  it("wants the number of servers for several, as a plain count", async () => {
    const backend = backendWith("web-1", "web-2");
    const byName = await refusal(() =>
      commands.startDeletion({ servers: ["web-1", "web-2"], confirm: "web-1", reason: null }, new Channel<JobEvent>()),
    );
    expect(byName.message).toBe("the confirmation must be the number of servers, 2; nothing was deleted");
    const job = await finished((progress) =>
      commands.startDeletion({ servers: ["web-1", "web-2"], confirm: " 2 ", reason: "  " }, progress),
    );
    expect(job).toMatchObject({ kind: "delete", state: "succeeded" });
    expect(backend.servers.map((s) => s.stage)).toEqual(["inventory", "inventory"]);
    // A blank reason is the backend's own words for a typed deletion.
    expect(backend.deletion.passes.map((p) => p.deletion.reason)).toEqual([
      "deletion confirmed by typing",
      "deletion confirmed by typing",
    ]);
    expect(backend.stageChanges["id-web-1"]?.map((c) => `${c.from}>${c.to}`)).toEqual([
      "deletion>inventory",
      "in_service>deletion",
    ]);
  });

  it("refuses a plain move to Deletion: only the typed confirmation gets a server there", async () => {
    const backend = backendWith("web-1");
    const plain = await refusal(() => commands.moveStage("id-web-1", { to: "deletion", reason: "done", holdUntil: null }));
    expect(plain.code).toBe("confirmation_required");
    expect(backend.servers[0]?.stage).toBe("in_service");
  });

  it("stops at a drive that fails its erase, and a resume erases only what is left", async () => {
    const backend = installFakeBackend({
      servers: [fakeServer("web-1", "in_service")],
      deletion: fakeDeletions({ eraseFailures: { "id-web-1": { "Disk.Bay.1": "the drive reported a media error" } } }),
    });
    const failed = await finished((progress) =>
      commands.startDeletion({ servers: ["id-web-1"], confirm: "web-1", reason: "contract ended" }, progress),
    );
    expect(failed.state).toBe("failed");
    const pass = await commands.serverDeletion("id-web-1");
    expect(pass?.deletion).toMatchObject({
      state: "failed",
      step: "erase_drives",
      errorCode: "erase_failed",
      error: "drive Disk.Bay.1 (serial S-web-1-1) failed its erase: the drive reported a media error",
    });
    expect(pass?.steps.map((s) => `${s.step}:${s.state}`)).toEqual([
      "power_off:done",
      "eject_media:done",
      "bmc_accounts:done",
      "bmc_settings:done",
      "raid_volumes:done",
      "erase_drives:failed",
    ]);
    expect(pass?.erasures.map((e) => `${e.driveId}:${e.method}:${e.state}`)).toEqual([
      "Disk.Bay.0:CryptographicErase:completed",
      "Disk.Bay.1:Overwrite:failed",
    ]);
    expect(backend.servers[0]?.stage).toBe("deletion");

    const resumed = await finished((progress) => commands.resumeDeletion(["id-web-1"], progress));
    expect(resumed.state).toBe("succeeded");
    const done = await commands.serverDeletion("id-web-1");
    expect(done?.deletion.state).toBe("verified");
    expect(done?.steps.find((s) => s.step === "erase_drives")?.detail).toBe(
      "1 drives erased, 1 erased earlier on this pass",
    );
    expect(backend.servers[0]).toMatchObject({ stage: "inventory", powerState: "Off" });
    const [certificate] = await commands.certificates("id-web-1");
    expect(certificate?.certificateId).toBe(done?.certificateId);
    expect(certificate?.drives.map((d) => d.id)).toEqual(["Disk.Bay.0", "Disk.Bay.1"]);
    expect(await commands.exportCertificate(certificate?.certificateId ?? "", "pdf", "ja")).toMatchObject({
      format: "pdf",
      language: "ja",
      path: expect.stringMatching(/^\/home\/alice\/Downloads\/erasure-certificate-web-1-ja-.*\.pdf$/) as unknown,
    });
    await expect(commands.resumeDeletion(["id-web-1"], new Channel<JobEvent>())).rejects.toEqual({
      code: "invalid_input",
      message: "web-1 has no deletion to resume",
    });
  });
});

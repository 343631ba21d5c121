import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { DeletionStep, ServerSummary } from "../../ipc";
import {
  deletionPipeline,
  fakeDeletions,
  fakeDrives,
  fakeErasureCertificate,
  type DeletionStepName,
  type FakeDeletionPass,
} from "../../ipc/fakeDeletion";
import { fakeServer, installFakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

const failure = "drive Disk.Bay.1 (serial S-web-1-1) failed its erase: the drive reported a media error";

/** A pass that stopped at the erase: the steps before it done, one drive erased
 *  and the other failed, as the pipeline leaves it. */
function failedPass(server: ServerSummary): FakeDeletionPass {
  const [first, second] = fakeDrives(server);
  const done = (step: DeletionStepName): DeletionStep => ({
    step,
    state: "done",
    startedAt: "2026-11-24T09:00:00Z",
    endedAt: "2026-11-24T09:01:00Z",
    detail: step === "power_off" ? "was On; forced off" : "nothing to do",
  });
  const erasure = (drive: NonNullable<typeof first>, method: string, ended: "completed" | "failed") => ({
    driveId: drive.id,
    drivePath: drive.path,
    model: drive.model,
    serial: drive.serial,
    capacityBytes: drive.capacityBytes,
    method,
    task: null,
    startedAt: "2026-11-24T09:02:00Z",
    endedAt: "2026-11-24T09:03:00Z",
    state: ended,
    message: ended === "failed" ? "the drive reported a media error" : null,
  });
  if (!first || !second) throw new Error("the fake offers two drives");
  return {
    deletion: {
      id: "deletion-1",
      serverId: server.id,
      serverName: server.name,
      startedBy: "alice",
      role: "customer",
      reason: "contract ended",
      startedAt: "2026-11-24T09:00:00Z",
      endedAt: null,
      state: "failed",
      step: "erase_drives",
      error: failure,
      errorCode: "erase_failed",
      jobId: null,
    },
    steps: [
      ...deletionPipeline.slice(0, 5).map(done),
      { step: "erase_drives", state: "failed", startedAt: "2026-11-24T09:02:00Z", endedAt: "2026-11-24T09:03:00Z", detail: failure },
    ],
    erasures: [erasure(first, "CryptographicErase", "completed"), erasure(second, "Overwrite", "failed")],
  };
}

function step(panel: HTMLElement, name: string) {
  return within(panel).getByTestId(`deletion-step-${name}`);
}

describe("the deletion pipeline", () => {
  it("shows the failed step with its error, and Retry runs the pass again to the end", async () => {
    const server = fakeServer("web-1", "deletion");
    const atVerify = held();
    window.location.hash = `#/servers/${server.id}`;
    const backend = installFakeBackend({
      servers: [server],
      deletion: fakeDeletions({
        passes: [failedPass(server)],
        stepGate: (_, step) => (step === "verify" ? atVerify.promise : Promise.resolve()),
      }),
    });
    const user = userEvent.setup();
    renderApp();

    const panel = await screen.findByTestId("deletion-pipeline");
    expect(panel).toHaveAccessibleName("Deletion");
    expect(within(panel).getByRole("list", { name: "Pipeline steps" }).children).toHaveLength(10);
    expect(step(panel, "power_off")).toHaveAttribute("data-state", "done");
    expect(step(panel, "power_off")).toHaveTextContent("Power offDonewas On; forced off");
    expect(step(panel, "erase_drives")).toHaveAttribute("data-state", "failed");
    expect(step(panel, "erase_drives")).toHaveTextContent(`Erase drivesFailed${failure}`);
    expect(step(panel, "bios_reset")).toHaveAttribute("data-state", "pending");
    expect(step(panel, "verify")).toHaveTextContent("VerifyNot started");
    expect(panel).toHaveTextContent("Started by alice (customer)");
    expect(panel).toHaveTextContent("Reason: contract ended");

    const alert = within(panel).getByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The deletion stopped at the step “Erase drives”" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("A drive's secure erase did not finish well");
    expect(alert).toHaveTextContent(failure);

    const erasures = within(panel).getByRole("table", { name: "Drive erasures" });
    expect(within(erasures).getByRole("row", { name: /Disk\.Bay\.0/ })).toHaveTextContent(
      "Disk.Bay.0PM1733S-web-1-01.92 TBCryptographic eraseCompleted—",
    );
    expect(within(erasures).getByRole("row", { name: /Disk\.Bay\.1/ })).toHaveTextContent(
      "Disk.Bay.1ST4000NM000AS-web-1-14 TBOverwriteFailedthe drive reported a media error",
    );

    await user.click(within(panel).getByTestId("deletion-retry"));
    await waitFor(() => {
      expect(step(panel, "erase_drives")).toHaveAttribute("data-state", "done");
    });
    expect(backend.calls.find((c) => c.cmd === "resume_deletion")?.args).toMatchObject({ servers: ["id-web-1"] });
    // The last step before the gate ends with no job event after it: the poll of a running pass reads it.
    await waitFor(
      () => {
        expect(step(panel, "sel_archive")).toHaveAttribute("data-state", "done");
      },
      { timeout: 4000 },
    );
    expect(step(panel, "erase_drives")).toHaveTextContent("1 drives erased, 1 erased earlier on this pass");
    expect(within(panel).queryByRole("alert")).not.toBeInTheDocument();
    expect(within(within(panel).getByRole("table", { name: "Drive erasures" })).getByRole("row", { name: /Disk\.Bay\.1/ })).toHaveTextContent(
      "Completed",
    );

    atVerify.release();
    // Verified, the server is back in stock with its certificate; the pass is no longer open here.
    const certificates = await screen.findByRole("region", { name: "Erasure certificate" });
    expect(within(certificates).getByTestId("certificate-open")).toBeInTheDocument();
    expect(await screen.findByText("Stage: Inventory")).toBeInTheDocument();
    expect(screen.queryByTestId("deletion-pipeline")).not.toBeInTheDocument();
    expect(backend.deletion.passes[0]?.deletion.state).toBe("verified");
  });

  it("is followed on the Deletion tab, with the passes verified lately and their certificates", async () => {
    const running = fakeServer("db-1", "deletion");
    const failed = fakeServer("web-1", "deletion");
    const returned = fakeServer("web-9", "inventory");
    const gate = held();
    window.location.hash = "#/deletion";
    const verifiedPass: FakeDeletionPass = {
      ...failedPass(returned),
      deletion: {
        ...failedPass(returned).deletion,
        id: "deletion-0",
        state: "verified",
        step: null,
        error: null,
        errorCode: null,
        endedAt: "2026-11-20T10:00:00Z",
      },
    };
    const backend = installFakeBackend({
      servers: [running, failed, returned],
      deletion: fakeDeletions({
        passes: [verifiedPass, failedPass(failed)],
        certificates: [fakeErasureCertificate(returned, { deletionId: "deletion-0" })],
        stepGate: () => gate.promise,
      }),
    });
    // db-1's pass is started by someone else (another window, or the agent) and held at its first step.
    backend.deletion.passes.push({
      deletion: { ...failedPass(running).deletion, id: "deletion-2", state: "running", step: null, error: null, errorCode: null },
      steps: [],
      erasures: [],
    });
    renderApp();

    const open = await screen.findByRole("region", { name: "Deletions under way" });
    const panels = await within(open).findAllByTestId("deletion-pipeline");
    expect(panels.map((p) => p.getAttribute("data-state"))).toEqual(["failed", "running"]);
    expect(panels[0]).toHaveAccessibleName("web-1");
    expect(within(panels[0] ?? open).getByRole("link", { name: "web-1" })).toHaveAttribute("href", "#/servers/id-web-1");
    expect(panels[1]).toHaveTextContent("Waiting for the pipeline to start");
    expect(within(panels[1] ?? open).getByText("No drive has been erased on this pass yet.")).toBeInTheDocument();

    const verified = screen.getByRole("table", { name: "Verified recently" });
    expect(within(verified).getByRole("row", { name: /web-9/ })).toHaveTextContent("web-9");
    expect(within(verified).getByTestId("certificate-open")).toBeInTheDocument();
    gate.release();
  });
});

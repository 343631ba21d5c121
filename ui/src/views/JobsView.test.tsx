import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { Channel, commands, type JobEvent } from "../ipc";
import { fakeJob, fakeServer, installFakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

const uuid = "0f3c9a2e-5b1d-4c7e-9a30-2b6d8e4f1a57";

function lab() {
  return ["a", "b", "c"].map((name) => fakeServer(name, "maintenance_customer"));
}

function interrupted() {
  const job = fakeJob(uuid, { state: "interrupted", recoveredAt: "2026-11-24T09:30:00Z", actor: "bob" }, [
    ["a", "succeeded"],
    ["b", "interrupted"],
    ["c", "not_started"],
  ]);
  const b = job.servers[1];
  if (b) b.result = "power On";
  job.log.push({
    at: "2026-11-24T09:30:00Z",
    serverId: "id-b",
    level: "warn",
    line: "interrupted while sending PowerCycle; the BMC now reports power On",
  });
  return job;
}

async function jobTable() {
  return screen.findByRole("table", { name: "Jobs, newest first" });
}

describe("the Jobs page", () => {
  it("lists jobs with their counts, and says plainly that an interrupted one re-ran nothing", async () => {
    window.location.hash = "#/jobs";
    const older = fakeJob("job-old", { state: "succeeded", kind: "locate_on", createdAt: "2026-11-23T09:00:00Z" }, [
      ["a", "succeeded"],
    ]);
    installFakeBackend({ servers: lab(), jobs: [interrupted(), older] });
    const user = userEvent.setup();
    renderApp();
    const table = await jobTable();
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getByRole("rowheader").textContent)).toEqual(["Power cycle", "Locator LED on"]);
    // Kind, state, succeeded, failed, not done, by.
    expect(rows[0]).toHaveTextContent(/^Power cycleInterrupted102bob \(customer\)/);
    expect(screen.getByText("Choose a job to see each server's result and the job's log.")).toBeInTheDocument();

    await user.click(within(table).getByRole("link", { name: "Power cycle" }));
    expect(window.location.hash).toBe(`#/jobs/${uuid}`);
    const detail = await screen.findByRole("region", { name: "Power cycle (0f3c9a2e)" });
    const note = within(detail).getByRole("note");
    expect(note).toHaveTextContent("This job was interrupted");
    expect(note).toHaveTextContent("The app or rackctl running it stopped");
    expect(note).toHaveTextContent("Nothing was re-run.");
    const servers = within(detail).getByRole("table", { name: "Servers in this job" });
    expect(within(servers).getByRole("row", { name: /^b/ })).toHaveTextContent("bInterrupted——power On");
    expect(within(servers).getByRole("row", { name: /^c/ })).toHaveTextContent("cNot started");
    expect(within(detail).getByRole("list", { name: "Log" })).toHaveTextContent(
      "warn b interrupted while sending PowerCycle; the BMC now reports power On",
    );
    expect(within(screen.getByRole("navigation")).getByRole("link", { name: "Jobs" })).toHaveAttribute("aria-current", "page");
  });

  it("retries the servers that did not succeed, as a new job that names the old", async () => {
    window.location.hash = `#/jobs/${uuid}`;
    const backend = installFakeBackend({ servers: lab(), jobs: [interrupted()] });
    const user = userEvent.setup();
    renderApp();
    const detail = await screen.findByRole("region", { name: "Power cycle (0f3c9a2e)" });
    await user.click(within(detail).getByRole("button", { name: "Retry failed servers (2)" }));

    await waitFor(() => {
      expect(window.location.hash).toBe("#/jobs/job-2");
    });
    expect(backend.calls.find((c) => c.cmd === "retry_job")?.args).toMatchObject({ jobId: uuid });
    const retry = await screen.findByRole("region", { name: "Power cycle (job-2)" });
    expect(within(retry).getByRole("link", { name: "0f3c9a2e" })).toHaveAttribute("href", `#/jobs/${uuid}`);
    const servers = within(retry).getByRole("table", { name: "Servers in this job" });
    await waitFor(() => {
      expect(within(servers).getAllByRole("row").slice(1).map((r) => r.textContent)).toEqual([
        expect.stringMatching(/^bSucceeded—/),
        expect.stringMatching(/^cSucceeded—/),
      ]);
    });
    const newest = within(await jobTable()).getAllByRole("row")[1];
    if (!newest) throw new Error("no jobs listed");
    expect(within(newest).getByRole("link", { name: "0f3c9a2e" })).toHaveAttribute("href", `#/jobs/${uuid}`);
  });

  it("cancels a running job: servers under way finish, the rest do not start", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const backend = installFakeBackend({
      servers: lab(),
      jobConcurrency: 1,
      jobGate: (id) => (id === "id-a" ? gate : Promise.resolve()),
    });
    // Started elsewhere in this window (a server's page), still running.
    await commands.startJob({ kind: { kind: "power", op: "reset" }, servers: ["a", "b", "c"] }, new Channel<JobEvent>());
    window.location.hash = "#/jobs/job-1";
    const user = userEvent.setup();
    renderApp();
    const detail = await screen.findByRole("region", { name: "Reset (force restart) (job-1)" });
    expect(detail).toHaveTextContent("StateRunning");
    expect(within(detail).queryByRole("button", { name: /Retry/ })).not.toBeInTheDocument();
    await user.click(within(detail).getByRole("button", { name: "Cancel job" }));
    expect(await within(detail).findByText(/^Cancelling: servers under way finish their step/)).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "cancel_job")?.args).toEqual({ jobId: "job-1" });

    release();
    // The page asks again every 2 s while the job runs.
    await waitFor(
      () => {
        expect(detail).toHaveTextContent("StateCancelled");
      },
      { timeout: 5000 },
    );
    const servers = within(detail).getByRole("table", { name: "Servers in this job" });
    const states = within(servers)
      .getAllByRole("row")
      .slice(1)
      .map((r) => within(r).getAllByRole("cell")[0]?.textContent);
    expect(states).toEqual(["Succeeded", "Not started", "Not started"]);
    expect(within(detail).getByRole("button", { name: "Retry failed servers (2)" })).toBeEnabled();
  });

  it("explains a job that cannot be cancelled from this window", async () => {
    window.location.hash = "#/jobs/job-9";
    installFakeBackend({ servers: lab(), jobs: [fakeJob("job-9", { state: "running", finishedAt: null }, [["a", "running"]])] });
    const user = userEvent.setup();
    renderApp();
    const detail = await screen.findByRole("region", { name: "Power cycle (job-9)" });
    await user.click(within(detail).getByRole("button", { name: "Cancel job" }));
    const alert = await within(detail).findByRole("alert");
    expect(alert).toHaveTextContent("The job could not be cancelled");
    expect(alert).toHaveTextContent("not_found: job job-9 is not running in this window");
  });
});

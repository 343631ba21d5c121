import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { BuildProfile } from "../../ipc";
import { fakeJob, fakeServer, installFakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

const web: BuildProfile = { name: "web", raid: { level: "raid1", drives: 2, volumeName: "os" } };

function buildJob() {
  const job = fakeJob(
    "job-b",
    { kind: "build", params: JSON.stringify({ kind: "build", profile: web }) },
    [
      ["a", "succeeded"],
      ["b", "failed"],
      ["c", "succeeded"],
      ["d", "succeeded"],
    ],
  );
  for (const row of job.servers) if (row.state === "succeeded") row.result = "verified: BMC settings, RAID1 volume os";
  return job;
}

describe("after a build job", () => {
  it("moves only the verified servers still in Building to In service, and says what it did", async () => {
    window.location.hash = "#/jobs/job-b";
    const backend = installFakeBackend({
      servers: [
        fakeServer("a", "building"),
        fakeServer("b", "building"),
        fakeServer("c", "in_service"),
        fakeServer("d", "building"),
      ],
      jobs: [buildJob()],
      // The first move is refused by the store, as a full disk would.
      failOnce: { move_stage: { code: "database", message: "database or disk is full" } },
    });
    const user = userEvent.setup();
    renderApp();
    const detail = await screen.findByRole("region", { name: "Build from profile (job-b)" });
    // Retrying the server that failed is already on the page.
    expect(within(detail).getByRole("button", { name: "Retry failed servers (1)" })).toBeEnabled();
    await user.click(within(detail).getByRole("button", { name: "Move verified servers to In service" }));

    expect(await within(detail).findByText("Moved d to In service.")).toBeInTheDocument();
    expect(within(detail).getByText("Not in Building any more, left as they are: c")).toBeInTheDocument();
    const refused = within(detail).getByRole("alert");
    expect(refused).toHaveTextContent("These servers were not moved");
    expect(within(refused).getByRole("list", { name: "Servers not moved" })).toHaveTextContent(
      "a: The profile's database could not be read or written. database or disk is full",
    );
    const moves = backend.calls
      .filter((c) => c.cmd === "move_stage")
      .map((c) => c.args as { serverId: string; request: { to: string } });
    expect(moves.map((m) => `${m.serverId}>${m.request.to}`)).toEqual(["id-a>in_service", "id-d>in_service"]);
    expect(backend.servers.map((s) => `${s.name}:${s.stage}`)).toEqual([
      "a:building",
      "b:building",
      "c:in_service",
      "d:in_service",
    ]);
  });

  it("is not offered on other jobs", async () => {
    window.location.hash = "#/jobs/job-p";
    installFakeBackend({
      servers: [fakeServer("a", "building")],
      jobs: [fakeJob("job-p", {}, [["a", "succeeded"]])],
    });
    renderApp();
    const detail = await screen.findByRole("region", { name: "Power cycle (job-p)" });
    expect(within(detail).queryByRole("button", { name: "Move verified servers to In service" })).not.toBeInTheDocument();
  });
});

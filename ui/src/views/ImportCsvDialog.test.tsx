import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fakeCertificate, fakeSha256, installFakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

const first = fakeSha256("A1");
const second = fakeSha256("B2");

function twoBmcs() {
  return installFakeBackend({
    network: {
      "10.0.0.5": { certificate: fakeCertificate("10.0.0.5", first), systems: ["r12-u07"] },
      "10.0.0.6": { certificate: fakeCertificate("10.0.0.6", second), systems: ["blade-1", "blade-2"] },
    },
  });
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Import CSV" }));
  return screen.getByRole("dialog", { name: "Import BMCs from CSV" });
}

function rowOfLine(table: HTMLElement, line: number) {
  const row = within(table)
    .getAllByRole("row")
    .find((r) => within(r).queryByRole("rowheader", { name: String(line) }));
  if (!row) throw new Error(`no row for line ${String(line)}`);
  return row;
}

describe("importing BMCs from CSV", () => {
  it("explains the columns, and shows a bad row's line and reason without offering to import", async () => {
    const backend = twoBmcs();
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    expect(dialog).toHaveTextContent("address,user,secret,site,room,rack,u,asset_tag,sha256");
    expect(dialog).toHaveTextContent(/keyring:<name>/);
    expect(dialog).toHaveTextContent(/lab:<server id>/);

    await user.click(within(dialog).getByLabelText("CSV text"));
    await user.paste("address,user,secret\n10.0.0.5,root,keyring:rack12\n10.0.0.6,root,hunter2\n");
    await user.click(within(dialog).getByRole("button", { name: "Check" }));

    const table = await within(dialog).findByRole("table", { name: "Check results by line" });
    expect(rowOfLine(table, 2)).toHaveTextContent("OK");
    expect(rowOfLine(table, 2)).toHaveTextContent(first);
    const bad = rowOfLine(table, 3);
    expect(bad).toHaveTextContent("The request was not valid.");
    expect(bad).toHaveTextContent("line 3: secret must be keyring:<name> or lab:<server id>");
    expect(dialog).toHaveTextContent("2 rows checked: 1 good, 1 with problems.");
    expect(dialog).toHaveTextContent("Nothing can be imported until every row is good.");
    expect(within(dialog).queryByRole("button", { name: "Trust these certificates and import" })).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c.cmd === "import_csv").map((c) => c.args)).toEqual([
      { request: { csv: expect.any(String) as string, dryRun: true, accepted: [] } },
    ]);
  });

  it("imports a file once every row is good, accepting the fingerprints that were shown", async () => {
    const backend = twoBmcs();
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    const csv = "address,user,secret,site,rack,u\n10.0.0.5,root,keyring:r12,DC1,R12,7\n10.0.0.6,admin,lab:blade,DC1,R13,1\n";
    await user.upload(within(dialog).getByLabelText("CSV file"), new File([csv], "bmcs.csv", { type: "text/csv" }));
    await waitFor(() => {
      expect(within(dialog).getByLabelText("CSV text")).toHaveValue(csv);
    });
    await user.click(within(dialog).getByRole("button", { name: "Check" }));
    const table = await within(dialog).findByRole("table", { name: "Check results by line" });
    expect(rowOfLine(table, 2)).toHaveTextContent(first);
    expect(rowOfLine(table, 3)).toHaveTextContent(second);
    expect(rowOfLine(table, 3)).toHaveTextContent(/2$/);
    expect(dialog).toHaveTextContent(/Compare each fingerprint with the one its BMC shows/);

    await user.click(within(dialog).getByRole("button", { name: "Trust these certificates and import" }));
    expect(await within(dialog).findByText("Imported 3 servers from 2 BMCs.")).toBeInTheDocument();
    expect(backend.calls.filter((c) => c.cmd === "import_csv").at(-1)?.args).toEqual({
      request: {
        csv,
        dryRun: false,
        accepted: [
          { line: 2, sha256: first },
          { line: 3, sha256: second },
        ],
      },
    });

    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(await screen.findByRole("rowheader", { name: "blade-2" })).toBeInTheDocument();
    expect(screen.getByRole("rowheader", { name: "r12-u07" })).toBeInTheDocument();
  });

  it("asks for a new check when the text changes after one", async () => {
    twoBmcs();
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    const text = within(dialog).getByLabelText("CSV text");
    await user.click(text);
    await user.paste("address,user,secret\n10.0.0.5,root,keyring:r12");
    await user.click(within(dialog).getByRole("button", { name: "Check" }));
    await within(dialog).findByRole("button", { name: "Trust these certificates and import" });
    await user.type(text, "\n10.0.0.6,root,keyring:r13");
    expect(within(dialog).queryByRole("table")).not.toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Trust these certificates and import" })).not.toBeInTheDocument();
  });

  it("shows that nothing was imported when a BMC changed between the check and the import", async () => {
    const backend = twoBmcs();
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByLabelText("CSV text"));
    await user.paste("address,user,secret\n10.0.0.5,root,keyring:r12\n10.0.0.6,root,keyring:r13");
    await user.click(within(dialog).getByRole("button", { name: "Check" }));
    const importButton = await within(dialog).findByRole("button", { name: "Trust these certificates and import" });
    const changed = fakeSha256("C3");
    backend.network["10.0.0.6"] = { certificate: fakeCertificate("10.0.0.6", changed), systems: ["blade-1"] };

    await user.click(importButton);
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Nothing was imported");
    const table = within(dialog).getByRole("table", { name: "Check results by line" });
    expect(rowOfLine(table, 3)).toHaveTextContent("The BMC's certificate has not been trusted yet.");
    expect(backend.servers).toEqual([]);
  });
});

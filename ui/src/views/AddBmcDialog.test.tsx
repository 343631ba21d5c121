import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fakeCertificate, fakeSha256, installFakeBackend } from "../ipc/testing";
import { renderApp, renderAppAndChooseLanguage } from "../test/render";

const address = "10.0.0.5";
const sha256 = fakeSha256("AB");

function bmcAnswering(password: string) {
  return installFakeBackend({
    network: { [address]: { certificate: fakeCertificate(address, sha256), systems: ["r12-u07"], password } },
  });
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Add BMC" }));
  return screen.getByRole("dialog", { name: "Add a BMC" });
}

async function fillIn(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, password: string) {
  await user.type(within(dialog).getByLabelText("BMC address"), address);
  await user.type(within(dialog).getByLabelText("User name"), "root");
  await user.type(within(dialog).getByLabelText("Password"), password);
}

describe("adding a BMC", () => {
  it("shows the certificate's fingerprint, then trusts exactly it and adds the BMC's servers", async () => {
    const backend = bmcAnswering("s3cret");
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    await fillIn(user, dialog, "s3cret");
    await user.type(within(dialog).getByLabelText("Site"), "DC1");
    await user.type(within(dialog).getByLabelText("Rack"), "R12");
    await user.type(within(dialog).getByLabelText("U (lowest rack unit)"), "7");
    const trust = within(dialog).getByRole("button", { name: "Trust and add" });
    expect(trust).toBeDisabled();
    expect(within(dialog).getByLabelText("Password")).toHaveAttribute("type", "password");

    await user.click(within(dialog).getByRole("button", { name: "Check certificate" }));
    const certificate = await within(dialog).findByRole("region", { name: `Certificate presented by ${address}` });
    expect(certificate).toHaveTextContent(sha256);
    expect(certificate).toHaveTextContent("CN=10.0.0.5");
    expect(certificate).toHaveTextContent(/Self-signed\s*Yes/);
    expect(certificate).toHaveTextContent(/Compare this SHA-256 fingerprint with the one the BMC itself shows/);

    await user.click(trust);
    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(screen.getByText("Servers added: 1.")).toBeInTheDocument();
    expect(await screen.findByRole("rowheader", { name: "r12-u07" })).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "add_bmc")?.args).toEqual({
      request: {
        address,
        username: "root",
        password: "s3cret",
        trust: { kind: "pinned", sha256 },
        location: { site: "DC1", room: null, rack: "R12", rackUnit: 7 },
        assetTag: null,
      },
    });
    // Focus goes back where it was, and the password went with the dialog.
    expect(screen.getByRole("button", { name: "Add BMC" })).toHaveFocus();
    const again = await openDialog(user);
    expect(within(again).getByLabelText("Password")).toHaveValue("");
  });

  it("forgets a certificate checked for another address than the one now typed", async () => {
    bmcAnswering("s3cret");
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    await fillIn(user, dialog, "s3cret");
    await user.click(within(dialog).getByRole("button", { name: "Check certificate" }));
    await within(dialog).findByRole("region", { name: `Certificate presented by ${address}` });
    await user.type(within(dialog).getByLabelText("BMC address"), "1");
    expect(within(dialog).queryByRole("region")).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Trust and add" })).toBeDisabled();
  });

  it("explains a refused login in the user's terms and the BMC's, and stays open", async () => {
    bmcAnswering("right");
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    await fillIn(user, dialog, "wrong");
    await user.click(within(dialog).getByRole("button", { name: "Check certificate" }));
    await within(dialog).findByRole("region", { name: `Certificate presented by ${address}` });
    await user.click(within(dialog).getByRole("button", { name: "Trust and add" }));

    const alert = await within(dialog).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The BMC could not be added" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("The BMC did not accept the user name and password.");
    expect(alert).toHaveTextContent(`login_refused: https://${address}: the BMC did not accept the user name and password`);
    expect(screen.getByRole("dialog", { name: "Add a BMC" })).toBeInTheDocument();
  });

  it("says when the BMC cannot be reached", async () => {
    installFakeBackend();
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("BMC address"), "10.9.9.9{Enter}");
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("The BMC could not be reached");
    expect(alert).toHaveTextContent("bmc_unreachable: https://10.9.9.9: connection refused");
  });

  it("closes with Cancel without adding anything", async () => {
    const backend = bmcAnswering("s3cret");
    const user = userEvent.setup();
    renderApp();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.calls.some((c) => c.cmd === "add_bmc")).toBe(false);
  });

  it("speaks Japanese once the user switches the language in Settings", async () => {
    bmcAnswering("right");
    const user = userEvent.setup();
    await renderAppAndChooseLanguage(user, "ja");
    await user.click(await within(screen.getByRole("navigation")).findByRole("link", { name: "在庫" }));
    await user.click(await screen.findByRole("button", { name: "BMC を追加" }));
    const dialog = screen.getByRole("dialog", { name: "BMC の追加" });
    await user.type(within(dialog).getByLabelText("BMC アドレス"), address);
    await user.type(within(dialog).getByLabelText("ユーザー名"), "root");
    await user.type(within(dialog).getByLabelText("パスワード"), "wrong");
    await user.click(within(dialog).getByRole("button", { name: "証明書を確認" }));
    const certificate = await within(dialog).findByRole("region", { name: `${address} が提示した証明書` });
    expect(certificate).toHaveTextContent(`SHA-256 フィンガープリント${sha256}`);
    expect(certificate).toHaveTextContent(/BMC 自身が表示するもの/);
    await user.click(within(dialog).getByRole("button", { name: "信頼して追加" }));
    const alert = await within(dialog).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "BMC を追加できませんでした" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("BMC がユーザー名とパスワードを受け付けませんでした。");
    expect(alert).toHaveTextContent("login_refused:");
  });
});

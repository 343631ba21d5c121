import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { installFakeBackend } from "../ipc/testing";
import { renderApp, renderAppAndChooseLanguage } from "../test/render";

describe("settings", () => {
  it("switches the whole UI to Japanese and saves the choice in the backend", async () => {
    const backend = installFakeBackend();
    const user = userEvent.setup();
    await renderAppAndChooseLanguage(user, "ja");
    const nav = screen.getByRole("navigation");
    expect(await within(nav).findByRole("link", { name: "在庫" })).toBeInTheDocument();
    expect(within(nav).getByRole("list", { name: "ライフサイクル管理" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "設定" })).toBeInTheDocument();
    expect(backend.settings.language).toBe("ja");
    expect(document.documentElement.lang).toBe("ja");
  });

  it("follows the OS language until the user picks one", async () => {
    installFakeBackend({
      info: {
        version: "1.0.0",
        schemaVersion: 1,
        profileDir: "/p",
        databasePath: "/p/db",
        logDir: "/p/logs",
        osLocale: "ja-JP",
        snapshot: null,
      },
    });
    renderApp();
    expect(await screen.findByRole("link", { name: "サービス利用中" })).toBeInTheDocument();
  });

  it("applies the dark theme to the document", async () => {
    const backend = installFakeBackend();
    const user = userEvent.setup();
    window.location.hash = "#/settings";
    renderApp();
    const theme = await screen.findByRole("combobox", { name: "Theme" });
    await waitFor(() => {
      expect(theme).toBeEnabled();
    });
    await user.selectOptions(theme, "dark");
    await waitFor(() => {
      expect(document.documentElement.dataset.theme).toBe("dark");
    });
    expect(backend.settings).toEqual({ language: "system", theme: "dark" });
  });

  it("shows this build's version as the backend reports it", async () => {
    installFakeBackend();
    window.location.hash = "#/settings";
    renderApp();
    const about = await screen.findByRole("region", { name: "About this build" });
    expect(within(about).getByText("9.8.7")).toBeInTheDocument();
  });
});

import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Input, ServerSummary } from "../../ipc";
import { consoleStatus } from "../../ipc/fakeConsole";
import { fakeServer, installFakeBackend, type FakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

function web1(stage: ServerSummary["stage"] = "in_service"): ServerSummary {
  return { ...fakeServer("web-1", stage), bmcAddress: "10.1.0.11:443" };
}

function openConsole(overrides: Partial<FakeBackend> = {}, server = web1()) {
  window.location.hash = `#/servers/${server.id}/console`;
  return installFakeBackend({ servers: [server], ...overrides });
}

/** jsdom draws nothing: a 2D context that records what the page asks of it. */
function recordingContext() {
  const context = { putImageData: vi.fn(), drawImage: vi.fn() };
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(context as unknown as CanvasRenderingContext2D);
  if (typeof globalThis.ImageData === "undefined") {
    vi.stubGlobal(
      "ImageData",
      class {
        constructor(
          readonly data: Uint8ClampedArray,
          readonly width: number,
          readonly height: number,
        ) {}
      },
    );
  }
  return context;
}

const sent = (backend: FakeBackend): Input[] => backend.consoles.inputs.map((i) => i.input);

async function connected() {
  expect(await screen.findByText("Connected")).toBeInTheDocument();
  return screen.getByLabelText("Server screen");
}

beforeEach(() => {
  window.localStorage.clear();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the console page", () => {
  it("connects, says so with the frame rate and screen size, and draws the first frame", async () => {
    const context = recordingContext();
    const backend = openConsole();
    renderApp();
    expect(await screen.findByRole("heading", { level: 1, name: "Console: web-1" })).toBeInTheDocument();
    const canvas = await connected();
    expect(screen.getByText("Connected")).toHaveAttribute("data-state", "connected");
    expect(screen.getByText("12 fps")).toBeInTheDocument();
    expect(screen.getByText("Screen 8 × 4")).toBeInTheDocument();
    await waitFor(() => {
      expect(canvas).toHaveAttribute("data-frames", "1");
    });
    expect(canvas).toHaveAttribute("data-width", "8");
    expect(canvas).toHaveAttribute("data-height", "4");
    expect(canvas).toHaveAttribute("tabindex", "0");
    expect(context.putImageData).toHaveBeenCalledWith(expect.objectContaining({ width: 2, height: 2 }), 1, 1);

    expect(backend.calls.find((c) => c.cmd === "open_console")?.args).toMatchObject({
      request: { serverId: "id-web-1", layout: "us", address: null },
    });
    expect(await screen.findByText("Power: On")).toBeInTheDocument();
    expect(await screen.findByText("No media")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to server" })).toHaveAttribute("href", "#/servers/id-web-1");
    expect(backend.audit.at(-1)).toMatchObject({ action: "console_open", outcome: "ok", target: "web-1" });
  });

  it("sends each key as it is pressed and released, and lets go of held keys when focus leaves", async () => {
    const backend = openConsole();
    const user = userEvent.setup();
    renderApp();
    const canvas = await connected();
    canvas.focus();
    await user.keyboard("{Shift>}A{/Shift}");
    await waitFor(() => {
      expect(sent(backend)).toContainEqual({ kind: "key", code: "KeyA", key: "A", shift: true, down: true });
    });
    expect(sent(backend)).toEqual([
      { kind: "key", code: "ShiftLeft", key: "Shift", shift: true, down: true },
      { kind: "key", code: "KeyA", key: "A", shift: true, down: true },
      { kind: "key", code: "KeyA", key: "A", shift: true, down: false },
      { kind: "key", code: "ShiftLeft", key: "Shift", shift: false, down: false },
    ]);
    // One call per key event, never batched.
    expect(backend.calls.filter((c) => c.cmd === "console_input")).toHaveLength(4);

    backend.consoles.inputs = [];
    await user.keyboard("{Control>}");
    await user.click(screen.getByRole("heading", { level: 1 }));
    await waitFor(() => {
      expect(sent(backend)).toEqual([
        { kind: "key", code: "ControlLeft", key: "Control", shift: false, down: true },
        { kind: "key", code: "ControlLeft", key: "Control", shift: false, down: false },
      ]);
    });
  });

  it("leaves the screen with Ctrl+Shift+Tab, as the hint says", async () => {
    openConsole();
    const user = userEvent.setup();
    renderApp();
    const canvas = await connected();
    expect(canvas).toHaveAccessibleDescription(/Ctrl\+Shift\+Tab leaves the screen/);
    canvas.focus();
    await user.keyboard("{Control>}{Shift>}{Tab}{/Shift}{/Control}");
    expect(screen.getByRole("button", { name: "Full screen" })).toHaveFocus();
  });

  it("sends the mouse in framebuffer pixels with RFB's button mask, the wheel as a press and release", async () => {
    const backend = openConsole();
    renderApp();
    const canvas = await connected();
    await waitFor(() => {
      expect(canvas).toHaveAttribute("data-width", "8");
    });
    // The 8×4 screen scaled to 800×400.
    vi.spyOn(canvas, "getBoundingClientRect").mockReturnValue({ left: 0, top: 0, width: 800, height: 400 } as DOMRect);
    fireEvent.mouseDown(canvas, { clientX: 150, clientY: 250, button: 2 });
    fireEvent.mouseUp(canvas, { clientX: 750, clientY: 350, button: 2 });
    fireEvent.wheel(canvas, { clientX: 50, clientY: 50, deltaY: 120 });
    expect(fireEvent.contextMenu(canvas)).toBe(false);
    await waitFor(() => {
      expect(sent(backend)).toEqual([
        { kind: "pointer", x: 1, y: 2, buttons: 4 },
        { kind: "pointer", x: 7, y: 3, buttons: 0 },
        { kind: "pointer", x: 0, y: 0, buttons: 16 },
        { kind: "pointer", x: 0, y: 0, buttons: 0 },
      ]);
    });
  });

  it("sends key combinations and the layout, remembering the layout", async () => {
    const backend = openConsole();
    const user = userEvent.setup();
    renderApp();
    await connected();
    const layout = screen.getByRole("combobox", { name: "Keyboard layout" });
    expect(layout).toHaveValue("us");
    await user.selectOptions(layout, "Japanese (JIS)");
    await user.selectOptions(screen.getByRole("combobox", { name: "Keys" }), "Alt+SysRq+B");
    await user.click(screen.getByRole("button", { name: "Send keys" }));
    await waitFor(() => {
      expect(sent(backend)).toEqual([
        { kind: "layout", layout: "jis" },
        { kind: "combo", combo: "alt_sys_rq_b" },
      ]);
    });
    expect(window.localStorage.getItem("racksmith.console.layout")).toBe("jis");
    const keys = within(screen.getByRole("combobox", { name: "Keys" })).getAllByRole("option");
    expect(keys.map((o) => o.textContent)).toContain("半角/全角 (Zenkaku/Hankaku)");
    expect(keys).toHaveLength(14);
  });

  it("types pasted text, and keeps the text when the layout cannot type it", async () => {
    const backend = openConsole();
    const user = userEvent.setup();
    renderApp();
    await connected();
    await user.click(screen.getByRole("button", { name: "Paste text…" }));
    const dialog = screen.getByRole("dialog", { name: "Paste text" });
    const text = within(dialog).getByRole("textbox", { name: "Text to type" });
    await user.type(text, "echo こんにちは");
    await user.click(within(dialog).getByRole("button", { name: "Type it" }));
    const alert = await within(dialog).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The text was not typed" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("these characters cannot be typed on a Us keyboard: こんにちは");
    expect(text).toHaveValue("echo こんにちは");
    expect(sent(backend)).toEqual([]);

    await user.clear(text);
    await user.type(text, "echo hello");
    await user.click(within(dialog).getByRole("button", { name: "Type it" }));
    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(sent(backend)).toEqual([{ kind: "paste", text: "echo hello" }]);
  });

  it("saves a screenshot and says where", async () => {
    openConsole();
    const user = userEvent.setup();
    renderApp();
    await connected();
    await user.click(screen.getByRole("button", { name: "Screenshot" }));
    expect(await screen.findByText(/^Saved to \/home\/alice\/Downloads\/console-web-1-.*\.png$/)).toBeInTheDocument();
  });

  it("asks for the VNC password when the console wants one, saves it and reconnects", async () => {
    const backend = openConsole({});
    backend.consoles.statuses = (_request, stored) =>
      stored
        ? [consoleStatus("connected", { width: 8, height: 4, fps: 3 })]
        : [consoleStatus("failed", { problem: "password_needed", message: "the server asks for a VNC password" })];
    const user = userEvent.setup();
    renderApp();
    expect(
      await screen.findByText("Failed: The console asks for a VNC password, and none is stored."),
    ).toBeInTheDocument();
    expect(screen.getByText("the server asks for a VNC password")).toBeInTheDocument();
    const panel = screen.getByRole("region", { name: "Not connected" });
    await user.type(within(panel).getByLabelText("VNC password"), "s3cret");
    await user.click(within(panel).getByRole("button", { name: "Save password and reconnect" }));
    expect(await screen.findByText("Connected")).toBeInTheDocument();
    expect(screen.getByText("3 fps")).toBeInTheDocument();
    expect(backend.consoles.passwords).toEqual({ "id-web-1": "s3cret" });
    expect(backend.calls.filter((c) => c.cmd === "open_console")).toHaveLength(2);
    expect(screen.queryByRole("region", { name: "Not connected" })).not.toBeInTheDocument();
  });

  it("reconnects to an address typed by hand", async () => {
    const backend = openConsole();
    backend.consoles.statuses = (request) =>
      request.address === null
        ? [consoleStatus("failed", { problem: "unreachable", message: "vnc://10.1.0.11:5900: connection refused" })]
        : [consoleStatus("connected", { width: 8, height: 4, fps: 1 })];
    const user = userEvent.setup();
    renderApp();
    expect(await screen.findByText("Failed: Nothing answered at the console's address.")).toBeInTheDocument();
    const panel = screen.getByRole("region", { name: "Not connected" });
    expect(within(panel).queryByLabelText("VNC password")).not.toBeInTheDocument();
    await user.type(within(panel).getByRole("textbox", { name: "Address (HOST:PORT or wss:// URL)" }), "10.0.0.5:5901");
    await user.click(within(panel).getByRole("button", { name: "Reconnect" }));
    expect(await screen.findByText("Connected")).toBeInTheDocument();
    expect(backend.calls.filter((c) => c.cmd === "open_console").at(-1)?.args).toMatchObject({
      request: { address: "10.0.0.5:5901" },
    });
  });

  it("explains a console the stage does not allow, and offers to try again", async () => {
    openConsole({}, web1("inventory"));
    renderApp();
    const panel = await screen.findByRole("region", { name: "Not connected" });
    const alert = within(panel).getByRole("alert");
    expect(alert).toHaveTextContent("The console could not be opened");
    expect(alert).toHaveTextContent("The server's stage does not allow this.");
    expect(screen.getByText("Failed")).toHaveAttribute("data-state", "failed");
    expect(within(panel).getByRole("button", { name: "Reconnect" })).toBeEnabled();
  });

  it("closes the session when the page is left", async () => {
    const backend = openConsole();
    renderApp();
    await connected();
    window.location.hash = "#/servers/id-web-1";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await waitFor(() => {
      expect(backend.calls.find((c) => c.cmd === "close_console")?.args).toEqual({ sessionId: "console-1" });
    });
    expect(backend.consoles.sessions["console-1"]?.open).toBe(false);
  });

  it("offers power and media from the bar, the media state following a mount", async () => {
    const backend = openConsole();
    const user = userEvent.setup();
    renderApp();
    await connected();
    await user.click(screen.getByRole("button", { name: "Power…" }));
    const power = screen.getByRole("list", { name: "Power" });
    await waitFor(() => {
      expect(within(power).getByRole("button", { name: "Power on" })).toBeEnabled();
    });
    expect(within(power).getByRole("button", { name: "Force off" })).toBeDisabled();
    expect(within(power).queryByRole("button", { name: "Power cycle" })).not.toBeInTheDocument();

    const toggle = screen.getByRole("button", { name: "Media…" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    const media = screen.getByRole("region", { name: "Virtual media" });
    await user.type(await within(media).findByRole("textbox", { name: "Image URL" }), "http://files/os.iso");
    await user.click(within(media).getByRole("button", { name: "Mount" }));
    expect(await screen.findByText("CD: http://files/os.iso")).toBeInTheDocument();
    expect(backend.consoles.media["id-web-1"]?.slots[0]?.image).toBe("http://files/os.iso");
  });

  it("reads in Japanese, typing on a JIS layout by default", async () => {
    const backend = openConsole({ settings: { language: "ja", theme: "system" } });
    renderApp();
    expect(await screen.findByText("接続済み")).toBeInTheDocument();
    expect(screen.getByText("12 フレーム/秒")).toBeInTheDocument();
    expect(screen.getByLabelText("サーバー画面")).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "キーボード配列" })).toHaveValue("jis");
    expect(await screen.findByText("電源: オン")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "open_console")?.args).toMatchObject({ request: { layout: "jis" } });
  });
});

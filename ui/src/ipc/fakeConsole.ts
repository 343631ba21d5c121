// The fake backend's In-service tools, as src-tauri/crates/core/src/console.rs and
// console_sessions.rs answer them: the KVM console (status and frames on their
// channels after open_console has answered), virtual media, the one-time boot,
// the power state and direct BMC access; guarded and audited where the core is.
import type {
  BootDevice,
  ConsoleOpen,
  ConsoleStatus,
  Input,
  Layout,
  MediaSource,
  MediaView,
  ServerSummary,
} from "./bindings";
import { runGuarded, type FakeCommands, type FakeSettingsContext } from "./fakeBios";
import { channelSender, type ChannelSender as Sender } from "./fakeChannel";

/** One server's virtual media as the fake BMC has it. */
export type FakeMedia = Omit<MediaView, "serverId">;

export interface FakeConsoleSession {
  serverId: string;
  layout: Layout;
  open: boolean;
}

export interface FakeConsoles {
  /** What each new session reports on its status channel, in order; connecting
   *  then connected by default. A session that ends connected also gets a frame. */
  statuses?: (request: ConsoleOpen, passwordStored: boolean) => ConsoleStatus[];
  /** VNC passwords stored in the keyring, by server id. */
  passwords: Record<string, string>;
  sessions: Record<string, FakeConsoleSession>;
  /** Every input the backend accepted, in order, with its session. */
  inputs: { sessionId: string; input: Input }[];
  /** Each server's media, made when first asked for. */
  media: Record<string, FakeMedia>;
  /** What the native file picker answers; null is a cancelled picker. */
  chosenFile: string | null;
}

export function fakeConsoles(): FakeConsoles {
  return { passwords: {}, sessions: {}, inputs: [], media: {}, chosenFile: null };
}

export function fakeMedia(): FakeMedia {
  return {
    slots: [
      { id: "CD", name: "Virtual CD", mediaTypes: ["CD", "DVD"], inserted: false, image: null, writeProtected: true },
    ],
    bootOverride: "Disabled",
    bootTarget: "None",
    bootTargets: ["None", "Pxe", "Cd", "Hdd", "BiosSetup"],
    served: null,
  };
}

export function consoleStatus(state: ConsoleStatus["state"], change: Partial<ConsoleStatus> = {}): ConsoleStatus {
  return { state, name: null, width: 0, height: 0, fps: null, attempt: 0, problem: null, message: null, ...change };
}

/** The screen the fake console shows: an 8×4 desktop, then a 2×2 red square at (1, 1),
 *  written as the console crate's wire module writes a batch. */
export function fakeFrameBatch(): ArrayBuffer {
  const u16 = (n: number) => [n & 0xff, n >> 8];
  const red = Array.from({ length: 4 }, () => [255, 0, 0, 255]).flat();
  return Uint8Array.from([1, ...u16(8), ...u16(4), 2, ...u16(1), ...u16(1), ...u16(2), ...u16(2), ...red]).buffer;
}

function defaultStatuses(): ConsoleStatus[] {
  return [
    consoleStatus("connecting"),
    consoleStatus("connected", { name: "fake desktop", width: 8, height: 4, fps: 12 }),
  ];
}

/** What the keyboard module can type: printable ASCII, line ends and tabs. */
function untypeable(text: string): string {
  const refused = [...new Set(text)].filter((ch) => !/^[\x20-\x7e\n\r\t]$/.test(ch));
  return refused.join("");
}

const layoutName: Record<Layout, string> = { us: "Us", jis: "Jis" };

const bootTargets: Record<BootDevice, string> = { cd: "Cd", pxe: "Pxe", hdd: "Hdd", bios_setup: "BiosSetup", usb: "Usb" };

const later = () => new Promise((resolve) => setTimeout(resolve, 0));

export interface FakeConsoleContext extends FakeSettingsContext {
  state: () => FakeConsoles;
  /** The user names of the accounts Racksmith made on the server's BMC. */
  customerAccounts: (server: ServerSummary) => string[];
}

export function fakeConsoleCommands(context: FakeConsoleContext): FakeCommands {
  const { serverOf, fail, state } = context;
  const guarded = runGuarded(context);
  let opened = 0;

  const mediaOf = (server: ServerSummary) => (state().media[server.id] ??= fakeMedia());
  const viewOf = (server: ServerSummary): MediaView => ({ serverId: server.id, ...structuredClone(mediaOf(server)) });
  const sessionOf = (id: string) => {
    const session = state().sessions[id];
    return session?.open ? session : fail("not_found", `no console session ${id} is open`);
  };

  /** Status, then a frame once connected, each after the command has answered,
   *  and none once the page has closed the session. */
  const stream = async (sessionId: string, statuses: ConsoleStatus[], frames: Sender<ArrayBuffer>, status: Sender<ConsoleStatus>) => {
    const open = () => state().sessions[sessionId]?.open === true;
    for (const next of statuses) {
      await later();
      if (open()) status.send(next);
    }
    if (statuses.at(-1)?.state === "connected") {
      await later();
      if (open()) frames.send(fakeFrameBatch());
    }
  };

  const openConsole = (payload: Record<string, unknown>) => {
    const request = payload.request as ConsoleOpen;
    return guarded(request.serverId, "kvm", "console_open", { address: request.address }, (server) => {
      const typed = request.address?.trim() ?? null;
      const web = typed !== null && /^wss?:\/\/[^\s/]+\/\S*$/.test(typed);
      if (typed !== null && !web && !/^[^\s/:]+(:\d+)?$/.test(typed)) {
        fail("invalid_input", `"${request.address}" is not a console address; write HOST:PORT or a wss:// URL`);
      }
      const notChannel = () => fail("invalid_input", "frames and status must be channels");
      const frames = channelSender<ArrayBuffer>(payload.frames, notChannel);
      const status = channelSender<ConsoleStatus>(payload.status, notChannel);
      const passwordStored = Object.hasOwn(state().passwords, server.id);
      const sessionId = `console-${String(++opened)}`;
      state().sessions[sessionId] = { serverId: server.id, layout: request.layout, open: true };
      void stream(sessionId, (state().statuses ?? defaultStatuses)(request, passwordStored), frames, status);
      const host = (server.bmcAddress ?? "").split(":")[0] ?? "";
      const address = request.address === null ? `${host}:5900` : request.address.trim();
      return { sessionId, endpoint: { serverId: server.id, name: server.name, address: web ? address : `vnc://${address}`, passwordStored } };
    });
  };

  const consoleInput = ({ sessionId, inputs }: { sessionId: string; inputs: Input[] }) => {
    const session = sessionOf(sessionId);
    for (const input of inputs) {
      if (input.kind === "paste") {
        const refused = untypeable(input.text);
        if (refused !== "") {
          fail("invalid_input", `these characters cannot be typed on a ${layoutName[session.layout]} keyboard: ${refused}`);
        }
      }
      if (input.kind === "layout") session.layout = input.layout;
      state().inputs.push({ sessionId, input });
    }
    return null;
  };

  const screenshot = (sessionId: string) => {
    const server = serverOf(sessionOf(sessionId).serverId);
    const stamp = context.now().replace(/:/g, "");
    return { path: `/home/${context.user()}/Downloads/console-${server.name}-${stamp}.png` };
  };

  const insert = (serverId: string, source: MediaSource, bootOnce: boolean) =>
    guarded(serverId, "virtual_media", "media_insert", { source, bootOnce }, (server) => {
      const media = mediaOf(server);
      const slot = media.slots[0] ?? fail("not_found", `${server.name} offers no virtual CD`);
      if (slot.inserted) fail("conflict", `${slot.name} already holds ${slot.image ?? "an image"}; eject it first`);
      let url = source.value.trim();
      if (source.kind === "url" && !/^(https?|nfs|smb|cifs):\/\/[^/\s]+/.test(url)) {
        fail("invalid_input", `"${source.value}" is not an image URL: BMCs fetch images over http, https, nfs or smb`);
      }
      if (source.kind === "file") {
        const name = url.split(/[\\/]/).pop() ?? "image.iso";
        url = `http://10.0.0.1:8700/${encodeURIComponent(name)}`;
        media.served = { file: source.value, url, size: 1_048_576 };
      }
      Object.assign(slot, { inserted: true, image: url });
      if (bootOnce) Object.assign(media, { bootOverride: "Once", bootTarget: "Cd" });
      return viewOf(server);
    });

  const eject = (serverId: string) =>
    guarded(serverId, "virtual_media", "media_eject", {}, (server) => {
      const media = mediaOf(server);
      for (const slot of media.slots) Object.assign(slot, { inserted: false, image: null });
      media.served = null;
      return viewOf(server);
    });

  const bootOnce = ({ serverId, device }: { serverId: string; device: BootDevice }) =>
    guarded(serverId, "virtual_media", "boot_once", { device }, (server) => {
      Object.assign(mediaOf(server), { bootOverride: "Once", bootTarget: bootTargets[device] });
      return viewOf(server);
    });

  const bmcAccess = (serverId: string) =>
    guarded(serverId, "bmc_access", "bmc_access", {}, (server) => {
      const address = `https://${server.bmcAddress ?? fail("invalid_input", `${server.name} has no BMC`)}`;
      return { serverId: server.id, address, webUrl: `${address}/`, accounts: context.customerAccounts(server) };
    });

  return {
    open_console: openConsole,
    console_input: (payload) => consoleInput(payload.request as { sessionId: string; inputs: Input[] }),
    console_screenshot: (payload) => screenshot(payload.sessionId as string),
    close_console: (payload) => {
      const session = state().sessions[payload.sessionId as string];
      if (session) session.open = false;
      return null;
    },
    set_console_password: (payload) => {
      const { serverId, password } = payload.request as { serverId: string; password: string };
      return guarded(serverId, "kvm", "console_password_set", {}, (server) => {
        const others = Object.entries(state().passwords).filter(([id]) => id !== server.id);
        state().passwords = Object.fromEntries(password === "" ? others : [...others, [server.id, password]]);
        return null;
      });
    },
    virtual_media: (payload) => {
      if (context.snapshot()) fail("read_only_snapshot", "this is a snapshot opened for review; nothing in it can be changed");
      return viewOf(serverOf(payload.serverId as string));
    },
    insert_media: (payload) => {
      const { serverId, source, bootOnce: boot } = payload.request as { serverId: string; source: MediaSource; bootOnce: boolean };
      return insert(serverId, source, boot);
    },
    eject_media: (payload) => eject(payload.serverId as string),
    boot_once: (payload) => bootOnce(payload.request as { serverId: string; device: BootDevice }),
    power_state: (payload) => {
      const server = serverOf(payload.serverId as string);
      return { serverId: server.id, name: server.name, powerState: server.powerState, readAt: context.now() };
    },
    bmc_access: (payload) => bmcAccess(payload.serverId as string),
    open_bmc_web: (payload) => {
      bmcAccess(payload.serverId as string);
      return null;
    },
    choose_image_file: () => state().chosenFile,
  };
}

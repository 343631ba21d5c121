// Sending to a Channel the UI passed as a command argument, for the fake backend.

interface TauriInternals {
  runCallback: (id: number, data: unknown) => void;
}

export interface ChannelSender<T> {
  send: (message: T) => void;
  end: () => void;
}

/** Sends to a Channel the UI passed as an argument, the way tauri::ipc::Channel
 *  does: the argument serializes to `__CHANNEL__:<callback id>`, and each message
 *  goes to that callback as `{ message, index }`, then `{ end, index }` on drop.
 *  mockIPC registers the callback and exposes runCallback; it has no channel
 *  helper of its own. A raw (binary) message is an ArrayBuffer, as Tauri delivers it. */
export function channelSender<T>(argument: unknown, fail: (message: string) => never): ChannelSender<T> {
  const serialized: unknown = JSON.parse(JSON.stringify(argument));
  const match = typeof serialized === "string" ? /^__CHANNEL__:(\d+)$/.exec(serialized) : null;
  if (!match?.[1]) return fail("the argument is not a channel");
  const id = Number(match[1]);
  const internals = (window as unknown as { __TAURI_INTERNALS__: TauriInternals }).__TAURI_INTERNALS__;
  let index = 0;
  return {
    send: (message) => {
      internals.runCallback(id, { message, index: index++ });
    },
    end: () => {
      internals.runCallback(id, { end: true, index });
    },
  };
}

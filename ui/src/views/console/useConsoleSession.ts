import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

import { call } from "../../app/queries";
import {
  Channel,
  commands,
  toAppFailure,
  type AppFailure,
  type ConsoleOpened,
  type ConsoleStatus,
  type FrameBatch,
  type Input,
  type Layout,
} from "../../ipc";
import { parseBatch } from "./frameWire";
import { paintMessages } from "./screenPainter";

interface SessionState {
  opened: ConsoleOpened | null;
  /** The last status the session reported; null until its first. */
  status: ConsoleStatus | null;
  /** Why the session could not even start (a refusal, a bad address). */
  openError: AppFailure | null;
}

const starting: SessionState = { opened: null, status: null, openError: null };

export interface ConsoleSession extends SessionState {
  /** Sends input to the open session; rejects with the backend's refusal. */
  send: (inputs: Input[]) => Promise<void>;
  /** Opens a new session, at `address` (HOST:PORT) when given instead of the BMC's own. */
  reconnect: (address: string | null) => void;
}

// A session gone meanwhile cannot take it; the next one opens with it anyway.
function sendLayout(sessionId: string, layout: Layout) {
  void commands.consoleInput({ sessionId, inputs: [{ kind: "layout", layout }] }).catch(() => undefined);
}

/** Draws one batch, counting batches drawn (and those that were not) on the
 *  canvas itself, so an end-to-end test can tell the screen is live without
 *  re-rendering React at every frame. */
function drawBatch(canvas: HTMLCanvasElement, data: unknown) {
  const { messages, malformed } = parseBatch(data);
  const painted = paintMessages(canvas, messages);
  const counter = painted && malformed === null ? "frames" : "malformed";
  canvas.dataset[counter] = String(Number(canvas.dataset[counter] ?? "0") + 1);
}

/** One console session for the page's lifetime (or until reconnected): opens it
 *  with its two channels, draws the frames straight onto the canvas, keeps the
 *  latest status, and closes it when the page goes. */
export function useConsoleSession(
  serverId: string,
  layout: Layout,
  canvas: RefObject<HTMLCanvasElement | null>,
): ConsoleSession {
  const [state, setState] = useState<SessionState>(starting);
  const [connection, setConnection] = useState({ attempt: 0, address: null as string | null });
  const sessionId = useRef<string | null>(null);
  // A session opens with the layout of the moment; a later change is an input, not a reconnect.
  const currentLayout = useRef(layout);
  useEffect(() => {
    currentLayout.current = layout;
    const id = sessionId.current;
    if (id !== null) sendLayout(id, layout);
  }, [layout]);

  useEffect(() => {
    let live = true;
    let opened: string | null = null;
    const frames = new Channel<FrameBatch>((data) => {
      if (live && canvas.current) drawBatch(canvas.current, data);
    });
    const status = new Channel<ConsoleStatus>((next) => {
      if (live) setState((s) => ({ ...s, status: next }));
    });
    const request = { serverId, layout: currentLayout.current, address: connection.address };
    commands.openConsole(request, frames, status).then(
      (answer) => {
        if (!live) {
          // The page went while the session was opening: it must not stay open behind it.
          void commands.closeConsole(answer.sessionId).catch(() => undefined);
          return;
        }
        opened = answer.sessionId;
        sessionId.current = answer.sessionId;
        // Chosen while the session was opening.
        if (currentLayout.current !== request.layout) sendLayout(answer.sessionId, currentLayout.current);
        setState((s) => ({ ...s, opened: answer }));
      },
      (error: unknown) => {
        if (live) setState((s) => ({ ...s, openError: toAppFailure(error) }));
      },
    );
    return () => {
      live = false;
      sessionId.current = null;
      if (opened !== null) void commands.closeConsole(opened).catch(() => undefined);
    };
  }, [serverId, connection, canvas]);

  const send = useCallback(async (inputs: Input[]) => {
    const id = sessionId.current;
    if (id === null) return;
    await call(() => commands.consoleInput({ sessionId: id, inputs }));
  }, []);

  const reconnect = useCallback((address: string | null) => {
    setState(starting);
    setConnection((c) => ({ attempt: c.attempt + 1, address }));
  }, []);

  return { ...state, send, reconnect };
}

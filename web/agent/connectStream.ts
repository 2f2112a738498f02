import type { WebSocketLike } from '../shared/connectWebSocket.js';
import { parseFrame } from './parseFrame.js';
import { reconnectDelay } from './reconnectDelay.js';
import type { Frame } from './Ticket.js';

export type StreamState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  /** Closed; the next attempt starts in `retryInMs`. */
  | { readonly kind: 'waiting'; readonly retryInMs: number; readonly attempt: number };

export interface StreamOptions {
  readonly url: string;
  readonly WebSocketImpl: new (url: string) => WebSocketLike;
  readonly onFrame: (frame: Frame) => void;
  readonly onState: (state: StreamState) => void;
  /** The socket opened; `reconnected` is false the first time only: then the console refetches what it may have missed. */
  readonly onOpen?: (reconnected: boolean) => void;
  readonly delay?: (attempt: number) => number;
  readonly setTimeout?: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: any) => void;
}

export interface Stream {
  /** Stops for good: no more frames, states or attempts. */
  close(): void;
}

/**
 * The agent stream, kept open: when the socket closes (server restart, network change, laptop
 * asleep) it tries again after a growing delay, and starts over from 1 s once it is back.
 */
export function connectStream({
  url,
  WebSocketImpl,
  onFrame,
  onState,
  onOpen,
  delay = reconnectDelay,
  setTimeout: later = (callback, ms) => setTimeout(callback, ms),
  clearTimeout: cancel = (handle) => clearTimeout(handle),
}: StreamOptions): Stream {
  let socket: WebSocketLike | undefined;
  let timer: unknown;
  let attempt = 0;
  let opened = false;
  let stopped = false;

  /** Lets go of the socket: after an error too, so a half-open one cannot linger. */
  function drop() {
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
    try {
      socket.close();
    } catch {
      // A socket still connecting may throw on close in some browsers: it is gone either way.
    }
    socket = undefined;
  }

  function connect() {
    timer = undefined;
    onState({ kind: 'connecting' });
    let ended = false;
    const end = () => {
      if (ended || stopped) return;
      ended = true;
      drop();
      attempt += 1;
      const retryInMs = delay(attempt);
      onState({ kind: 'waiting', retryInMs, attempt });
      timer = later(connect, retryInMs);
    };
    try {
      socket = new WebSocketImpl(url);
    } catch {
      socket = undefined;
      end();
      return;
    }
    socket.onopen = () => {
      attempt = 0;
      onState({ kind: 'open' });
      onOpen?.(opened);
      opened = true;
    };
    socket.onmessage = (event: { data: unknown }) => {
      const frame = parseFrame(event.data);
      if (frame) onFrame(frame);
    };
    socket.onerror = end;
    socket.onclose = end;
  }

  connect();
  return {
    close() {
      stopped = true;
      if (timer !== undefined) cancel(timer);
      timer = undefined;
      drop();
    },
  };
}

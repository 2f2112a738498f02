/** Opens a stream; `closed` is called once, whether it failed to open or dropped. */
export type ConnectSocket = (
  url: string,
  handlers: { open(): void; message(data: unknown): void; closed(): void },
) => { close(): void };

/**
 * The part of the WebSocket API used here: the browser's, or the `ws` package's in tests.
 * The handlers take `any` because the two declare different event classes; only `data` is read.
 */
export interface WebSocketLike {
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  close(): void;
}

/** Adapts a WebSocket constructor to a {@link ConnectSocket} (what the widget's Direct Line client takes): `closed` once, however it ends. */
export function connectWebSocket(WebSocketImpl: new (url: string) => WebSocketLike): ConnectSocket {
  return function connectSocket(url, { open, message, closed }) {
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      closed();
    };
    let socket: WebSocketLike;
    try {
      socket = new WebSocketImpl(url);
    } catch {
      // A bad URL or a blocked scheme throws at once: report it like a failed connection.
      setTimeout(end, 0);
      return { close() {} };
    }
    socket.onopen = () => open();
    socket.onmessage = (event: { data: unknown }) => message(event.data);
    socket.onerror = end;
    socket.onclose = end;
    return {
      close() {
        ended = true;
        socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
        try {
          socket.close();
        } catch {
          // Closing a socket that never opened may throw in some browsers: it is gone either way.
        }
      },
    };
  };
}

import net from 'node:net';
import tls from 'node:tls';

/** What came back for one request on its own connection. */
export type Outcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** Status line and headers. */
      readonly head: string;
      readonly body: Buffer;
      /** 101: the socket became a WebSocket; `body` holds the frames read before it closed. */
      readonly upgraded: boolean;
    }
  /** Closed or reset before a whole response head arrived. */
  | { readonly kind: 'dropped'; readonly error?: string; readonly received: number }
  /** Nobody listening: the server is down. */
  | { readonly kind: 'refused'; readonly error: string }
  | { readonly kind: 'timeout'; readonly received: number };

export interface SendOptions {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  /** https: the bytes go through TLS (certificates are checked as usual). */
  readonly tls?: boolean;
  /** HEAD: a response without a body whatever its headers say. */
  readonly head?: boolean;
  /** End our side after writing (the request promised bytes it will not send). */
  readonly halfClose?: boolean;
}

// A WebSocket close frame from a client: FIN + close opcode, masked, no payload.
const CLOSE_FRAME = Buffer.from([0x88, 0x80, 0x12, 0x34, 0x56, 0x78]);
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Writes `bytes` on a fresh TCP connection and reads one response, parsing just enough HTTP to
 * know when it is whole (Content-Length, chunked, or the connection closing). Never throws; every
 * way it can go is an Outcome. A 101 is answered with a close frame and read until the socket ends.
 */
export function sendRawRequest(bytes: Buffer, { host, port, timeoutMs, tls: secure = false, head: isHead = false, halfClose = false }: SendOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = secure ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }) }) : net.connect({ host, port });
    let received = Buffer.alloc(0);
    let error: string | undefined;
    let response: { status: number; head: string; bodyStart: number; upgraded: boolean } | undefined;
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const asResponse = (body: Buffer): Outcome => ({ kind: 'response', status: response!.status, head: response!.head, body, upgraded: response!.upgraded });
    const timer = setTimeout(() => (response?.upgraded ? finish(asResponse(received.subarray(response.bodyStart))) : finish({ kind: 'timeout', received: received.length })), timeoutMs);

    const tryParse = () => {
      let start = response?.bodyStart ?? 0;
      while (!response) {
        const end = received.indexOf(HEAD_END, start);
        if (end === -1) return;
        const head = received.subarray(start, end).toString('latin1');
        const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head)?.[1] ?? NaN);
        start = end + 4;
        if (Number.isNaN(status)) return finish({ kind: 'dropped', error: `not an HTTP response: ${JSON.stringify(head.slice(0, 80))}`, received: received.length });
        if (status >= 100 && status < 200 && status !== 101) continue; // 100 Continue and friends: the real answer follows
        response = { status, head, bodyStart: start, upgraded: status === 101 };
        if (status === 101) socket.write(CLOSE_FRAME, () => undefined);
      }
      if (response.upgraded) return;
      const body = received.subarray(response.bodyStart);
      if (isHead || response.status === 204 || response.status === 304) return finish(asResponse(Buffer.alloc(0)));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(response.head)?.[1];
      if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(response.head)) {
        const chunked = dechunk(body);
        if (chunked) finish(asResponse(chunked));
      } else if (length !== undefined && body.length >= Number(length)) finish(asResponse(body.subarray(0, Number(length))));
    };

    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      tryParse();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => {
      if (error === 'ECONNREFUSED') return finish({ kind: 'refused', error });
      if (response) return finish(asResponse(received.subarray(response.bodyStart)));
      finish({ kind: 'dropped', ...(error ? { error } : {}), received: received.length });
    });
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      // Write errors (the server answered 413 and closed mid-upload) show up as 'error', then 'close'.
      if (halfClose) socket.end(bytes);
      else socket.write(bytes);
    });
  });
}

/** The body of a whole chunked message; undefined while the last chunk has not arrived. */
function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol === -1) return undefined;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (Number.isNaN(size)) return Buffer.concat(parts);
    if (size === 0) return Buffer.concat(parts);
    if (data.length < eol + 2 + size + 2) return undefined;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

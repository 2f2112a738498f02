import type { Server as HttpServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';

const MAX_REQUEST_LINE = 16 * 1024;

/**
 * Percent-encodes the bytes above 0x7f in a request line, as a browser would have.
 * `GET /api/kb/search?q=刷卡 HTTP/1.1` -> `GET /api/kb/search?q=%E5%88%B7%E5%8D%A1 HTTP/1.1`
 */
export function encodeRequestLine(line: Buffer): Buffer {
  if (!line.some((b) => b > 0x7f)) return line;
  let out = '';
  for (const b of line) out += b > 0x7f ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
  return Buffer.from(out, 'latin1');
}

export interface Listening {
  readonly port: number;
  /** Stops accepting, lets requests in flight finish, closes idle keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Listens for an HTTP server. Node's HTTP parser rejects a request line with raw UTF-8 (what
 * `curl 'host/api/kb/search?q=刷卡密码错误'` sends; browsers encode it) with a bare 400. A thin
 * front listener percent-encodes the first request line of each connection, then hands the
 * socket to the HTTP server unchanged.
 */
export async function listen(server: HttpServer, port: number, host: string): Promise<Listening> {
  const front = net.createServer({ pauseOnConnect: true }, function handOver(socket) {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const head = Buffer.concat(chunks);
      const eol = head.indexOf('\r\n');
      if (eol === -1 && size < MAX_REQUEST_LINE) return;
      socket.off('data', onData);
      socket.pause();
      socket.unshift(eol === -1 ? head : Buffer.concat([encodeRequestLine(head.subarray(0, eol)), head.subarray(eol)]));
      server.emit('connection', socket);
      socket.resume();
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    socket.resume();
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => resolve());
  });
  return {
    port: (front.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        front.close(() => resolve());
        server.close();
        server.closeIdleConnections();
      }),
  };
}

import net from 'node:net';

/** What a raw socket saw: the bytes received, and whether the server closed it. */
export interface RawExchange {
  readonly response: string;
}

/**
 * Sends bytes exactly as given, outside any HTTP client (so malformed request lines and upgrade
 * paths really reach the server), and resolves with everything received once the server closes
 * the connection.
 */
export function rawExchange(port: number, bytes: string | Buffer): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve({ response: Buffer.concat(chunks).toString('utf8') }));
    socket.on('error', reject);
  });
}

/** A WebSocket upgrade request for `path`, as a browser would send it. */
export function upgradeRequest(path: string, headers: Record<string, string> = {}): string {
  const lines = [
    `GET ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

import type { Duplex } from 'node:stream';

/**
 * Answers a socket that never became an HTTP request/response pair (a refused WebSocket upgrade,
 * a request Node's parser rejected) with a complete HTTP/1.1 response, then closes it. A JSON
 * body, when given, is `{error: {code, message}}` like every other refusal.
 */
export function writeRawResponse(socket: Duplex, status: number, reason: string, error?: { code: string; message: string }): void {
  if (socket.destroyed) return;
  const body = error ? JSON.stringify({ error }) : '';
  const head = [`HTTP/1.1 ${status} ${reason}`, 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`];
  if (body) head.push('Content-Type: application/json; charset=utf-8');
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

import type { WebSocket } from 'ws';

/**
 * Closes sockets with `code` (1012 "service restart" tells clients to come back later) and
 * resolves once every one has finished its closing handshake, or after `graceMs`, when those
 * that have not are cut: a client that never answers must not hold a shutdown.
 */
export async function closeWebSockets(sockets: Iterable<WebSocket>, code: number, reason: string, graceMs = 1_000): Promise<void> {
  const open = [...sockets].filter((ws) => ws.readyState !== ws.CLOSED);
  if (open.length === 0) return;
  const closed = Promise.all(open.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve())))));
  for (const ws of open) ws.close(code, reason);
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  await Promise.race([closed, grace]);
  clearTimeout(timer);
  for (const ws of open) if (ws.readyState !== ws.CLOSED) ws.terminate();
}

import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  readonly port: number;
  /** Stops accepting, lets requests in flight finish, closes idle keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Connections the kernel may hold for kefu before it accepts them (capped by Linux's
 * net.core.somaxconn). Node's default is 511: when a thousand widgets connect at once while the
 * event loop is busy with turns, the rest are dropped and their clients retry after 1, 3 and 7
 * seconds, which was bench:load's whole tail.
 */
export const LISTEN_BACKLOG = 4096;

/** Listens on `host:port` (0 = a free port). */
export async function listen(server: HttpServer, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

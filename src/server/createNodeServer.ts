import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log/index.js';
import { writeRawResponse } from './rawHttp.js';

/** How long a connection may take; every slow or idle client is closed within `requestTimeoutMs` + `checkIntervalMs`. */
export interface ConnectionLimits {
  /** The whole request head must arrive within this. Default 10 s. */
  readonly headersTimeoutMs?: number;
  /** The whole request, body included, must arrive within this. Default 20 s. */
  readonly requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this. Default 5 s. */
  readonly keepAliveTimeoutMs?: number;
  /** How often Node checks the two timeouts above. Default 1 s. */
  readonly checkIntervalMs?: number;
  /** Request head size. Default 16 KiB (Node's default). */
  readonly maxHeaderSize?: number;
}

const NON_ASCII_URL = '请求行里的中文等字符需要先做百分号编码（如 curl -G --data-urlencode "q=刷卡密码错误"） / percent-encode non-ASCII characters in the URL (curl -G --data-urlencode "q=...")';

/**
 * Node's HTTP server with the limits a public endpoint needs (slowloris and idle sockets are
 * closed by Node's own header and request timeouts, which only run on a server that listens
 * itself), and a JSON 4xx with a reason for requests its parser refuses.
 */
export function createNodeServer(
  listener: RequestListener,
  logger: Logger,
  { headersTimeoutMs = 10_000, requestTimeoutMs = 20_000, keepAliveTimeoutMs = 5_000, checkIntervalMs = 1_000, maxHeaderSize = 16 * 1024 }: ConnectionLimits = {},
): Server {
  const server = createServer(
    { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, keepAliveTimeout: keepAliveTimeoutMs, connectionsCheckingInterval: checkIntervalMs, maxHeaderSize },
    listener,
  );
  server.on('clientError', function clientError(error: NodeJS.ErrnoException, socket: Duplex) {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    const code = error.code ?? '';
    logger.debug({ code }, 'http: request refused by the parser');
    if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return writeRawResponse(socket, 408, 'Request Timeout', { code: 'REQUEST_TIMEOUT', message: '请求超时 / request timed out' });
    if (code === 'HPE_HEADER_OVERFLOW') return writeRawResponse(socket, 431, 'Request Header Fields Too Large', { code: 'HEADERS_TOO_LARGE', message: '请求头太大 / request headers too large' });
    if (code === 'HPE_INVALID_URL' || code === 'HPE_INVALID_METHOD' || code === 'HPE_INVALID_CONSTANT') {
      return writeRawResponse(socket, 400, 'Bad Request', { code: 'BAD_REQUEST_LINE', message: NON_ASCII_URL });
    }
    writeRawResponse(socket, 400, 'Bad Request', { code: 'BAD_REQUEST', message: `请求格式不正确 / malformed request (${code || 'parse error'})` });
  });
  return server;
}

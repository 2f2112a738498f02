import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'express';
import { checkInboundActivity, protectInbound } from '../inboundActivity.js';

export interface BotFrameworkChannelOptions {
  /** Azure Bot registration; without an app id the endpoint is unauthenticated (the Emulator, local tests). */
  readonly appId?: string;
  readonly appPassword?: string;
  readonly appTenantId?: string;
  /** Without an app id, accept requests from any address, not only loopback. Default false. */
  readonly allowUnauthenticated?: boolean;
  /** With an app id, the service URLs replies may go to (`https://host`, `https://*.domain`). */
  readonly serviceUrls?: readonly string[];
  /** Channel ids kefu serves itself (its own Direct Line): an unauthenticated caller cannot claim them. */
  readonly reservedChannels?: readonly string[];
  /** How long a call to a channel's service URL may take. Default 10 s. */
  readonly outboundTimeoutMs?: number;
  readonly middleware: readonly Middleware[];
  readonly run: (context: TurnContext) => Promise<void>;
  readonly onError: (error: unknown, context: TurnContext) => Promise<void>;
}

/** The parts of botbuilder's request and response types (azure core-http compat) that a client uses. */
interface CompatRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: { toJson(options: { preserveCase: boolean }): Record<string, string> };
  readonly body?: unknown;
}

/**
 * botbuilder's HTTP client for calls to channels, with a deadline on each call. It is the one
 * setting botbuilder passes through to its connector as given (request policies and agents are
 * replaced or ignored), so the deadline is applied here, with Node's fetch.
 */
function deadlineHttpClient(deadlineMs: number) {
  return {
    async sendRequest(request: CompatRequest) {
      const body = request.body === undefined || request.body === null ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      let response: globalThis.Response;
      try {
        response = await fetch(request.url, { method: request.method, headers: request.headers.toJson({ preserveCase: true }), body, signal: AbortSignal.timeout(deadlineMs) });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        throw new Error(timedOut ? `no answer from ${new URL(request.url).origin} within ${deadlineMs} ms (timeout)` : `calling ${new URL(request.url).origin} failed: ${(error as Error).message}`, { cause: error });
      }
      const bodyAsText = await response.text();
      const headers = Object.fromEntries(response.headers);
      return {
        request,
        status: response.status,
        bodyAsText,
        headers: {
          get: (name: string) => headers[name.toLowerCase()],
          contains: (name: string) => name.toLowerCase() in headers,
          toJson: () => ({ ...headers }),
          rawHeaders: () => ({ ...headers }),
          headersArray: () => Object.entries(headers).map(([name, value]) => ({ name, value })),
          headerNames: () => Object.keys(headers),
          headerValues: () => Object.values(headers),
        },
      };
    },
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Whether `url` is an https URL whose origin one of the patterns allows (`*.` matches any subdomain). */
export function serviceUrlAllowed(url: string, patterns: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  return patterns.some((pattern) => {
    const wildcard = pattern.match(/^https:\/\/\*\.([^/:]+)(:\d+)?/i);
    if (wildcard) return parsed.hostname.toLowerCase().endsWith(`.${wildcard[1]!.toLowerCase()}`) && (wildcard[2] ?? '') === (parsed.port ? `:${parsed.port}` : '');
    try {
      return new URL(pattern).origin === parsed.origin;
    } catch {
      return false;
    }
  });
}

/**
 * The Bot Framework channel (`POST /api/messages`) through botbuilder's CloudAdapter. With an app
 * id, requests are authenticated like Azure Bot Service's and replies go only to allowed service
 * URLs; without one, only this machine may call (unless `allowUnauthenticated`). Either way the
 * body is checked and redacted before the adapter sees it, and calls out time out.
 */
export function createBotFrameworkChannel({
  appId,
  appPassword,
  appTenantId,
  allowUnauthenticated = false,
  serviceUrls = [],
  reservedChannels = [],
  outboundTimeoutMs = 10_000,
  middleware,
  run,
  onError,
}: BotFrameworkChannelOptions) {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: appPassword ?? '',
    MicrosoftAppType: appTenantId ? 'SingleTenant' : 'MultiTenant',
    MicrosoftAppTenantId: appTenantId ?? '',
  });
  // Every call to a service URL (replies, proactive messages, the Emulator's token service) gets
  // a deadline: a channel that never answers must not hold a turn, and its memory, for minutes.
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({}, credentials, undefined, undefined, { httpClient: deadlineHttpClient(outboundTimeoutMs) } as never),
  );
  for (const m of middleware) adapter.use(m);
  adapter.onTurnError = async (context, error) => onError(error, context);
  const authenticated = Boolean(appId);

  return {
    adapter,
    authenticated,
    /** Who may call: 'azure' (authenticated), 'loopback' or 'anyone' (opened on purpose). */
    exposure: authenticated ? 'azure' : allowUnauthenticated ? 'anyone' : 'loopback',
    async handle(req: Request, res: Response): Promise<void> {
      if (!authenticated && !allowUnauthenticated && !LOOPBACK.test(req.ip ?? '')) {
        return refuse(res, 403, 'Forbidden', '未配置 MicrosoftAppId 时只接受本机请求 / without MicrosoftAppId, /api/messages accepts requests from this machine only (see BOTFRAMEWORK_ALLOW_UNAUTHENTICATED)');
      }
      const problem = checkInboundActivity(req.body);
      if (problem) return refuse(res, 400, problem.code, problem.message);
      const body = req.body as { channelId?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown } };
      if (typeof body.channelId !== 'string' || !body.channelId || body.channelId.length > 64) return refuse(res, 400, 'BadArgument', 'channelId must be a short string / channelId 不正确');
      if (typeof body.conversation?.id !== 'string' || !body.conversation.id || body.conversation.id.length > 512) return refuse(res, 400, 'BadArgument', 'conversation.id must be a string / conversation.id 不正确');
      if (typeof body.serviceUrl !== 'string' || !/^https?:\/\//i.test(body.serviceUrl)) return refuse(res, 400, 'BadArgument', 'serviceUrl must be an http(s) URL / serviceUrl 必须是 http(s) 地址');
      if (!authenticated && reservedChannels.includes(body.channelId)) {
        return refuse(res, 403, 'Forbidden', `channel "${body.channelId}" is kefu's own and cannot be claimed here / 不能冒用该渠道`);
      }
      // The token itself is checked by the adapter; a request with none is refused as Azure would.
      if (authenticated && !/^Bearer \S+/i.test(req.headers.authorization ?? '')) return refuse(res, 401, 'Unauthorized', 'Authorization: Bearer <token> is required / 缺少身份令牌');
      if (authenticated && !serviceUrlAllowed(body.serviceUrl, serviceUrls)) {
        return refuse(res, 403, 'Forbidden', 'serviceUrl is not on the allowed list (BOTFRAMEWORK_SERVICE_URLS) / 不允许的 serviceUrl');
      }
      // Redacted before the adapter, and with it botbuilder's own handling, sees anything.
      req.body = protectInbound(req.body as object).activity;
      await adapter.process(req, res, run);
    },
  };
}

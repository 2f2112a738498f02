import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'express';

export interface BotFrameworkChannelOptions {
  /** Azure Bot registration; without an app id the endpoint is open, for local use and the Emulator. */
  readonly appId?: string;
  readonly appPassword?: string;
  readonly appTenantId?: string;
  readonly middleware: readonly Middleware[];
  readonly run: (context: TurnContext) => Promise<void>;
  readonly onError: (error: unknown, context: TurnContext) => Promise<void>;
}

/**
 * The Bot Framework channel (`POST /api/messages`) through botbuilder's CloudAdapter: it
 * authenticates requests like Azure Bot Service when an app id is set, and sends replies to the
 * activity's serviceUrl.
 */
export function createBotFrameworkChannel({ appId, appPassword, appTenantId, middleware, run, onError }: BotFrameworkChannelOptions) {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: appPassword ?? '',
    MicrosoftAppType: appTenantId ? 'SingleTenant' : 'MultiTenant',
    MicrosoftAppTenantId: appTenantId ?? '',
  });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
  for (const m of middleware) adapter.use(m);
  adapter.onTurnError = async (context, error) => onError(error, context);
  return {
    adapter,
    authenticated: Boolean(appId),
    handle: (req: Request, res: Response) => adapter.process(req, res, run),
  };
}

import { ActivityEventNames, ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type Middleware } from 'botbuilder';

/**
 * A channel whose bot runs in this process (console, Direct Line): turns go straight through the
 * middleware to the bot, and subclasses decide only where replies go (`sendActivities`).
 * Sent activities cannot be edited or deleted on these channels.
 */
export abstract class InProcessAdapter extends BotAdapter {
  constructor(middleware: readonly Middleware[] = []) {
    super();
    for (const m of middleware) this.use(m);
  }

  /** Runs one turn for an incoming activity; `turnState` is what the channel already knows about it. */
  async process(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>, turnState?: ReadonlyMap<symbol, unknown>): Promise<void> {
    const context = new TurnContext(this, activity as Activity);
    for (const [key, value] of turnState ?? []) context.turnState.set(key, value);
    await this.runMiddleware(context, logic);
  }

  override async updateActivity(): Promise<void> {
    throw new Error(`${this.constructor.name}: updating a sent activity is not supported`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`${this.constructor.name}: deleting a sent activity is not supported`);
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.process(TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: ActivityEventNames.ContinueConversation }, reference, true), logic);
  }
}

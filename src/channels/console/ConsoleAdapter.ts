import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type Middleware,
  type ResourceResponse,
} from 'botbuilder';

/** An activity as the console shows it or sends it. */
export type ConsoleActivity = Partial<Activity>;

/**
 * A terminal as a channel: each line typed is a message activity from one user in one fixed
 * conversation (so state survives between runs), and the bot's replies are written out.
 */
export class ConsoleAdapter extends BotAdapter {
  private next = 0;

  constructor(
    private readonly reference: { conversationId: string; userId: string; locale?: string },
    private readonly write: (activity: Partial<Activity>) => void,
    middleware: readonly Middleware[] = [],
  ) {
    super();
    for (const m of middleware) this.use(m);
  }

  /** Runs one turn for the given activity fields (a message by default). */
  async receive(fields: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = {
      type: ActivityTypes.Message,
      id: String(++this.next),
      channelId: 'console',
      serviceUrl: 'console://',
      timestamp: new Date(),
      locale: this.reference.locale ?? 'zh-CN',
      from: { id: this.reference.userId, name: this.reference.userId, role: 'user' },
      recipient: { id: 'kefu', name: 'kefu', role: 'bot' },
      conversation: { id: this.reference.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      ...fields,
    } as Activity;
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      this.write(activity);
      return { id: String(++this.next) };
    });
  }

  override async updateActivity(): Promise<void> {
    throw new Error('ConsoleAdapter: updateActivity is not supported');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('ConsoleAdapter: deleteActivity is not supported');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continue' }, reference, true)), logic);
  }
}

import { ActivityTypes, type Activity, type Middleware, type ResourceResponse, type TurnContext } from 'botbuilder';
import { InProcessAdapter } from '../InProcessAdapter.js';

/** The `channelId` of the terminal's activities, and so of its transcripts and tickets. */
export const consoleChannelId = 'console';

/** An activity as the console shows it or sends it. */
export type ConsoleActivity = Partial<Activity>;

/**
 * A terminal as a channel: each line typed is a message activity from one user in one fixed
 * conversation (so state survives between runs), and the bot's replies are written out.
 */
export class ConsoleAdapter extends InProcessAdapter {
  private next = 0;

  constructor(
    private readonly reference: { conversationId: string; userId: string; locale?: string },
    private readonly write: (activity: Partial<Activity>) => void,
    middleware: readonly Middleware[] = [],
  ) {
    super(middleware);
  }

  /** Runs one turn for the given activity fields (a message by default). */
  async receive(fields: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = {
      type: ActivityTypes.Message,
      id: String(++this.next),
      channelId: consoleChannelId,
      serviceUrl: 'console://',
      timestamp: new Date(),
      locale: this.reference.locale ?? 'zh-CN',
      from: { id: this.reference.userId, name: this.reference.userId, role: 'user' },
      recipient: { id: 'kefu', name: 'kefu', role: 'bot' },
      conversation: { id: this.reference.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      ...fields,
    } as Activity;
    await this.process(activity, logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      this.write(activity);
      return { id: String(++this.next) };
    });
  }
}

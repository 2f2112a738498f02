/** One line of the conversation as an agent will read it (already redacted). */
export interface TranscriptLine {
  readonly from: 'user' | 'bot' | 'agent';
  readonly text: string;
  readonly timestamp: string;
}

/** Everything a person needs to take over without asking the user to repeat themselves. */
export interface HandoffRequest {
  readonly conversationId: string;
  readonly channel: string;
  readonly userId?: string;
  readonly reason: string;
  readonly priority: 'normal' | 'high';
  readonly context: {
    /** What a guided flow collected (terminal kind, tries, amount...). */
    readonly vars: Readonly<Record<string, unknown>>;
    readonly flowId?: string;
    /** The flow's title and its answers as agents read them ("机型：电签POS机"). */
    readonly flowTitle?: string;
    readonly answers?: readonly string[];
    /** Articles the bot showed, in order. */
    readonly articlesShown: readonly string[];
    readonly transcript: readonly TranscriptLine[];
    /** The web page the widget was on, when the channel says (no query string). */
    readonly visitor?: { readonly page?: string };
  };
}

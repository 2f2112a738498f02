import type { FlowOutput } from '../flows/index.js';
import type { Messages } from './messages.js';

/**
 * One message as any channel can show it: text (light Markdown) and the options the user can tap
 * or, on a text-only channel, answer by number.
 */
export interface Reply {
  readonly text: string;
  readonly actions?: readonly string[];
}

/** An article as the bot answers with it, whether found by search, by title or by a flow. */
export interface ArticleToRender {
  readonly title: string;
  readonly answer: string;
}

/** The article in bold and its answer: the one markup for articles, in answers and in flows. */
export function articleText(article: ArticleToRender): string {
  return `**${article.title}**\n\n${article.answer.trim()}`;
}

/** The words of a button that starts a walkthrough ("一步步排查：押金退还查询"), which `recognize` reads back. */
export function flowButtonText(flowTitle: string, m: Pick<Messages, 'startFlowAction'>): string {
  return `${m.startFlowAction}：${flowTitle}`;
}

/** An answer from the knowledge base: the article, its flow offered, 👍/👎, related articles. */
export function renderAnswer(article: ArticleToRender, { flowTitle, related }: { flowTitle?: string; related: readonly string[] }, m: Messages): Reply {
  const actions = [...(flowTitle ? [flowButtonText(flowTitle, m)] : []), m.feedback.helpful, m.feedback.unhelpful, ...related.slice(0, 3)];
  const footer = flowTitle ? `${m.offerFlow}\n\n${m.answerFooter}` : m.answerFooter;
  return { text: `${articleText(article)}\n\n${footer}`, actions };
}

/** An apology that offers a person: one option, to take the offer. */
export function renderOfferPerson(text: string, m: Messages): Reply {
  return { text, actions: [m.commands.handoff[0]!] };
}

/** The warning after a card number, PIN, CVV or ID number was hidden, naming what was. */
export function renderSensitiveWarning(kinds: readonly ('card' | 'pin' | 'cvv' | 'id-card')[], m: Messages): Reply {
  const { separator, ...names } = m.sensitiveKinds;
  return { text: m.sensitiveWarning.replace('{hidden}', kinds.map((kind) => names[kind]).join(separator)) };
}

/** Thanks for a vote; after 👎, a person is one tap away. */
export function renderFeedbackThanks(helpful: boolean, m: Messages): Reply {
  return helpful ? { text: m.feedback.thanksHelpful } : { text: m.feedback.thanksUnhelpful, actions: [m.commands.handoff[0]!] };
}

export function renderMenu(text: string, m: Messages): Reply {
  return { text, actions: m.menu };
}

export function renderDidYouMean(titles: readonly string[], m: Messages): Reply {
  return { text: m.ambiguous, actions: titles };
}

export function renderNoAnswer(offerHuman: boolean, m: Messages): Reply {
  return offerHuman ? { text: m.noAnswerOfferHuman, actions: [m.commands.handoff[0]!, m.commands.menu[0]!] } : { text: m.noAnswer, actions: m.menu };
}

/**
 * A flow's output as a message; undefined for a hand-over (the bot's business) and for outputs
 * with nothing to show. A question offers its choices (or yes/no) as options.
 */
export function renderFlowOutput(output: FlowOutput, m: Messages, articleOf: (id: string) => ArticleToRender | undefined): Reply | undefined {
  switch (output.kind) {
    case 'say':
      return { text: output.text };
    case 'article': {
      const article = articleOf(output.articleId);
      return article && { text: articleText(article) };
    }
    case 'ask': {
      // Stuck: the way out as choices. A retry: the question again, and how to leave it.
      if (output.stuck) return { text: m.flowStuck, actions: [m.commands.repeatStep[0]!, m.commands.leaveFlow[0]!, m.commands.handoff[0]!] };
      const question = output.retry && !output.ask.retry ? `${m.flowRetry}\n\n${output.text}` : output.text;
      const text = output.retry ? `${question}\n\n${m.flowWayOut}` : question;
      const actions = output.ask.kind === 'choice' ? output.ask.choices.map((c) => c.label) : output.ask.kind === 'yesno' ? [m.yes, m.no] : [];
      return actions.length > 0 ? { text, actions } : { text };
    }
    case 'end':
      return output.text ? { text: output.text } : undefined;
    case 'handoff':
      return undefined;
  }
}

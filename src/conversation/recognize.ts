import { isQuestion, type Flow, type FlowSnapshot } from '../flows/index.js';
import { parseRating, type HandoffTrigger } from '../handoff/index.js';
import type { KnowledgeState } from '../content/index.js';
import type { Messages } from './messages.js';
import { onlySecrets } from './onlySecrets.js';
import { clean, triggersOf, vocabularyOf, type Trigger, type Vocabulary } from './vocabulary.js';

/** Where the conversation stands when a message arrives: what the message is read against. */
export interface Standing {
  /** A person has the conversation (assigned) or is about to (waiting). */
  readonly person?: 'waiting' | 'assigned';
  /** People are at work now (service hours): a user waiting for one may keep asking the bot. */
  readonly staffed?: boolean;
  /** A closed ticket waits for the user's rating. */
  readonly awaitingRating: boolean;
  /** A guided flow waits for an answer. */
  readonly inFlow: boolean;
  /** Whether a text answers the question the flow waits on (given when `inFlow`). */
  readonly answersStep?: (text: string) => boolean;
  /** The text was cut: longer than kefu reads. */
  readonly tooLong: boolean;
}

/** What a user's message is, in the conversation as it stands. One reading, the most specific. */
export type Recognition =
  | { readonly kind: 'empty' }
  | { readonly kind: 'tooLong' }
  /** 取消转人工 / 结束人工 (or a plain 取消 while waiting) while a person has the conversation. */
  | { readonly kind: 'endHandoff' }
  /**
   * Anything else while a person has the conversation: it is theirs to read. While waiting in
   * service hours, a question the knowledge base answers with confidence is answered too.
   */
  | { readonly kind: 'forPerson'; readonly articleId?: string }
  | { readonly kind: 'rating'; readonly rating: number }
  | { readonly kind: 'command'; readonly command: 'handoff' | 'cancel' | 'menu' | 'repeatStep' }
  /** A complaint, distress or fraud phrase from the locale files. */
  | { readonly kind: 'trigger'; readonly trigger: HandoffTrigger }
  /** Something for the flow that waits for an answer (which the flow engine reads). */
  | { readonly kind: 'stepAnswer' }
  | { readonly kind: 'feedback'; readonly helpful: boolean }
  | { readonly kind: 'smallTalk'; readonly reply: string }
  /** An article's title, as a did-you-mean or related button sends it. */
  | { readonly kind: 'articleTitle'; readonly articleId: string }
  | { readonly kind: 'flowTrigger'; readonly flowId: string }
  /** A question for the knowledge base, with what the search found. */
  | {
      readonly kind: 'question';
      /** The cleaned text, to notice the same question asked again and again. */
      readonly said: string;
      readonly best?: string;
      readonly ambiguous: boolean;
      /** Titles of the plausible articles to offer when the search is not sure, best first. */
      readonly candidates: readonly string[];
    };

export interface RecognizerOptions {
  readonly messages: Readonly<Record<string, Messages>>;
  readonly knowledge: { current(): KnowledgeState };
  readonly flows: { current(): FlowSnapshot };
}

export type Recognize = (text: string, standing: Standing, m: Messages) => Recognition;

// Words that turn "转人工" around when they come right before it: 我不需要转人工.
const NEGATED = /(不|不用|不需要|不要|别|无需|没必要|dont|don't|no need to|not)$/;

/**
 * Builds `recognize`: pure, given the knowledge and flows of the moment. Command words, triggers,
 * titles and flow phrases are cleaned once per locale or per snapshot, not on every message.
 */
export function createRecognizer({ messages, knowledge, flows }: RecognizerOptions): Recognize {
  const vocabularies = new Map<Messages, Vocabulary>(Object.values(messages).map((m) => [m, vocabularyOf(m)]));
  // Merchants write Chinese whatever their client's language: every locale's triggers apply.
  const triggers: readonly Trigger[] = Object.values(messages).flatMap(triggersOf);
  const titleIndex = new WeakMap<object, Map<string, string>>();
  const phraseIndex = new WeakMap<object, { flow: Flow; phrase: string }[]>();

  const triggeredBy = (said: string) =>
    triggers.find((t) => (t.exact.has(said) || t.contains.some((phrase) => said.includes(phrase))) && !t.unless.some((word) => said.includes(word)))?.trigger;

  const isHandoffCommand = (said: string, words: Vocabulary) =>
    // Short words (人工, agent) must be the whole message; phrases (转人工) may sit in a
    // sentence, unless the sentence says the opposite (我不需要转人工).
    words.handoff.some((word) => {
      if (word === said) return true;
      const at = said.indexOf(word);
      return Array.from(word).length >= 3 && at >= 0 && !NEGATED.test(said.slice(0, at));
    });

  const articleTitled = (said: string) => {
    const { snapshot } = knowledge.current();
    let titles = titleIndex.get(snapshot);
    if (!titles) {
      titles = new Map(snapshot.articles.map((a) => [clean(a.title), a.id]));
      titleIndex.set(snapshot, titles);
    }
    return titles.get(said);
  };

  const flowTriggeredBy = (said: string, { exactly = false } = {}): Flow | undefined => {
    if (Array.from(said).length < 2) return undefined;
    const snapshot = flows.current();
    let phrases = phraseIndex.get(snapshot);
    if (!phrases) {
      phrases = snapshot.flows.flatMap((flow) => [flow.title, ...flow.triggers].map((t) => ({ flow, phrase: clean(t) })));
      phraseIndex.set(snapshot, phrases);
    }
    const long = !exactly && Array.from(said).length >= 4;
    return phrases.find(({ phrase }) => phrase === said || (long && (said.includes(phrase) || phrase.includes(said))))?.flow;
  };

  /** "一步步排查：<flow title>", also from an older answer's button. */
  const flowButton = (said: string, words: Vocabulary) => {
    if (!said.startsWith(words.startFlow)) return undefined;
    return flowTriggeredBy(said.slice(words.startFlow.length).replace(/^[:：]/, ''), { exactly: true });
  };

  const search = (text: string, said: string): Extract<Recognition, { kind: 'question' }> => {
    const result = knowledge.current().index.search(text, { limit: 3 });
    return {
      kind: 'question',
      said,
      ...(result.best ? { best: result.best } : {}),
      ambiguous: result.ambiguous,
      candidates: result.suggestions.flatMap((id) => result.hits.find((h) => h.id === id)?.title ?? []),
    };
  };

  return function recognize(text, standing, m) {
    const said = clean(text);
    const words = vocabularies.get(m) ?? vocabularyOf(m);
    if (standing.person) {
      // While waiting, a plain 取消 also leaves the queue; with a person, only an explicit end
      // ends it (取消 may be meant for the agent: 取消订单...).
      const leaving = words.cancelHandoff.has(said) || words.endHandoff.has(said) || (standing.person === 'waiting' && words.cancel.has(said));
      if (leaving) return { kind: 'endHandoff' };
      // Waiting in service hours, the user may keep asking: the menu, and answers the bot is sure
      // of (the agent sees both). Everything else waits for the person, quietly.
      if (standing.person === 'waiting' && standing.staffed && said) {
        if (words.menu.has(said)) return { kind: 'command', command: 'menu' };
        // A word or two (电签, 是的) is more likely a reply meant for the person than a question.
        if (Array.from(said).length >= 4 || isQuestion(text)) {
          const found = search(text, said);
          if (found.best && !found.ambiguous) return { kind: 'forPerson', articleId: found.best };
        }
      }
      return { kind: 'forPerson' };
    }
    if (said && standing.awaitingRating) {
      const rating = parseRating(text, m.handoff.ratingOptions);
      if (rating) return { kind: 'rating', rating };
    }
    if (standing.tooLong) return { kind: 'tooLong' };
    // Only a card number or a PIN (now hidden): the warning says all there is to say.
    if (onlySecrets(text)) return { kind: 'empty' };
    if (isHandoffCommand(said, words)) return { kind: 'command', command: 'handoff' };
    const trigger = said ? triggeredBy(said) : undefined;
    if (trigger) return { kind: 'trigger', trigger };
    if (words.cancel.has(said)) return { kind: 'command', command: 'cancel' };
    if (words.menu.has(said)) return { kind: 'command', command: 'menu' };
    if (standing.inFlow && words.leaveFlow.has(said)) return { kind: 'command', command: 'cancel' };
    // 重新选 after failed answers, 继续刚才的排查 after another question: the question again.
    if (standing.inFlow && (words.repeatStep.has(said) || words.resumeFlow.has(said))) return { kind: 'command', command: 'repeatStep' };
    if (standing.inFlow) {
      // Not an answer to the question, but a question the knowledge base answers with confidence:
      // the merchant changed the subject. Anything else is a (failed) answer.
      // Only a message that asks something, answered with confidence, changes the subject: "我在店里"
      // sharing a word with an article is still a (failed) answer to the question.
      if (said && isQuestion(text) && standing.answersStep && !standing.answersStep(text)) {
        const found = search(text, said);
        if (found.best && !found.ambiguous) return found;
      }
      return { kind: 'stepAnswer' };
    }
    if (!said) return { kind: 'empty' };
    if (said === words.helpful || said === words.unhelpful) return { kind: 'feedback', helpful: said === words.helpful };
    const smallTalk = words.smallTalk.find((s) => s.patterns.has(said));
    if (smallTalk) return { kind: 'smallTalk', reply: smallTalk.reply };
    // A button with an article's title (did-you-mean, related) shows that article, even when the
    // title happens to contain a flow's trigger phrase.
    const titled = articleTitled(said);
    if (titled) return { kind: 'articleTitle', articleId: titled };
    const flow = flowButton(said, words) ?? flowTriggeredBy(said);
    if (flow) return { kind: 'flowTrigger', flowId: flow.id };
    return search(text, said);
  };
}

export { loadMessages, messagesSchema, pickLocale, supportedLocales, type Locale, type Messages } from './messages.js';
export { createRecognizer, type Recognition, type Recognize, type RecognizerOptions, type Standing } from './recognize.js';
export { decide, type Decision, type Memory, type PolicyOptions, type Step } from './decide.js';
export { articleText, flowButtonText, renderAnswer, renderDidYouMean, renderFlowOutput, renderMenu, renderFeedbackThanks, renderNoAnswer, renderOfferPerson, renderSensitiveWarning, type ArticleToRender, type Reply } from './render.js';
export { clean } from './vocabulary.js';
export { pickOption } from './pickOption.js';
export { markdownToPlainText, renderAsText, splitForLimit, type TextLimit } from './plainText.js';
export { createTurnExplainer, policyOptions, type TurnExplainerOptions, type TurnExplanation, type TurnOutcome } from './explainTurn.js';
export { describeTurn, OUTCOME_NAMES } from './describeTurn.js';

export { createBot, type BotRuntime, type BotStores, type CreateBotOptions } from './createBot.js';
export { KefuBot, type KefuBotDependencies } from './KefuBot.js';
export { loadMessages, pickLocale, supportedLocales, type Locale, type Messages } from '../conversation/index.js';
export { recognizeChoice } from './recognizeChoice.js';
export { turnFailedApology } from './turnFailedApology.js';

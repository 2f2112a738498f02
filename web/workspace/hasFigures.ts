import type { ArticlePerformance } from './Performance.js';

/** Whether anything happened to an article in the period (most of a knowledge base is rarely shown). */
export const hasFigures = (a: ArticlePerformance): boolean => a.shown + a.picked + a.helpful + a.unhelpful + a.handoversAfter > 0;

import { z } from 'zod';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
// WeChat shows 4 Chinese characters on a top button and 8 on a sub-button (more is cut with "…").
const name = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((s) => bytes(s) <= max * 3, `is longer than WeChat shows (${max} Chinese characters)`);

/** A button that does something: shows an article, starts a walkthrough, says words, or opens a page. */
const action = z
  .strictObject({
    name: name(8),
    article: z.string().trim().min(1).optional(),
    flow: z.string().trim().min(1).optional(),
    say: z.string().trim().min(1).max(100).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((b) => [b.article, b.flow, b.say, b.url].filter((x) => x !== undefined).length === 1, 'needs exactly one of article, flow, say or url');

/**
 * The Official Account's menu (`wechat-menu.yaml` beside the articles), kept by editors with the
 * content it points to: at most 3 buttons, each an action or a group of at most 5.
 */
export const wechatMenuSchema = z.strictObject({
  buttons: z
    .array(
      z.union([
        z.strictObject({ name: name(4), sub: z.array(action).min(1, 'needs at least 1 button').max(5, 'WeChat takes at most 5 buttons in a group') }),
        action.refine((b) => bytes(b.name) <= 12, 'is longer than WeChat shows on a top button (4 Chinese characters)'),
      ]),
    )
    .min(1, 'needs at least 1 button')
    .max(3, 'WeChat takes at most 3 top buttons'),
});

export type WechatMenu = z.output<typeof wechatMenuSchema>;
export type WechatMenuAction = z.output<typeof action>;

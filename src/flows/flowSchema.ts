import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case');
const text = z.string().trim().min(1, 'must not be empty');
const variable = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name: letters, digits, _');
const literal = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const choice = z.strictObject({
  value: z.union([z.string(), z.number()]).transform(String),
  label: text,
  /** Other ways users answer with this choice: 智能的, 安卓机, 75. */
  synonyms: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
});

const ask = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('choice'), prompt: text, label: text.optional(), var: variable, choices: z.array(choice).min(2, 'needs at least 2 choices'), retry: text.optional(), maxAttempts: z.number().int().min(1).max(10).default(2) }),
  z.strictObject({ kind: z.literal('yesno'), prompt: text, label: text.optional(), var: variable, retry: text.optional(), maxAttempts: z.number().int().min(1).max(10).default(2) }),
  z.strictObject({ kind: z.literal('number'), prompt: text, label: text.optional(), var: variable, min: z.number().optional(), max: z.number().optional(), retry: text.optional(), maxAttempts: z.number().int().min(1).max(10).default(2) }),
  z.strictObject({ kind: z.literal('text'), prompt: text, label: text.optional(), var: variable, minLength: z.number().int().min(1).default(1), retry: text.optional(), maxAttempts: z.number().int().min(1).max(10).default(2) }),
]);

const base = { id, next: id.optional() };

/** One step of a guided flow: exactly one action. */
export const stepSchema = z.union([
  z.strictObject({ ...base, say: text }),
  z.strictObject({ ...base, article: id }),
  z.strictObject({ ...base, ask }),
  z.strictObject({ ...base, set: z.record(variable, z.union([literal, z.strictObject({ expr: text })])) }),
  z.strictObject({
    id,
    branch: z
      .array(z.union([z.strictObject({ when: text, goto: id }), z.strictObject({ goto: id })]))
      .min(1, 'needs at least one case'),
  }),
  z.strictObject({ id, goto: id }),
  z.strictObject({ id, handoff: z.strictObject({ reason: text, priority: z.enum(['normal', 'high']).default('normal'), say: text.optional() }) }),
  z.strictObject({ id, end: text.nullable().default(null) }),
]);

/** A guided flow as editors write it in `flows/<id>.yaml`. */
export const flowSchema = z.strictObject({
  id,
  title: text,
  /** Phrases that start this flow when a user says them (matched like a search). */
  triggers: z.array(text).default([]),
  /** First step; the first in the list when omitted. */
  start: id.optional(),
  steps: z.array(stepSchema).min(1, 'needs at least one step'),
});

export type Flow = z.output<typeof flowSchema>;
export type FlowStep = z.output<typeof stepSchema>;
export type AskSpec = z.output<typeof ask>;
export type Choice = z.output<typeof choice>;

import { z } from 'zod';

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case: lowercase letters, digits and single hyphens');

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

// YAML 1.2 reads 2026-11-24 as a string, YAML 1.1 tools as a date: accept both, keep a string.
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date like 2026-11-24', abort: true })
      // 2026-13-45 has the shape of a date but is none: it must survive a round trip.
      .refine((v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().startsWith(v), 'is not a real calendar date'),
  );

/** The shape of one article file, as editors write it. Unknown fields are errors (typos). */
export const articleSchema = z.strictObject({
  id: kebabId,
  title: nonEmptyText.max(80, 'must be at most 80 characters'),
  category: kebabId,
  tags: z.array(nonEmptyText).min(1, 'needs at least 1 tag'),
  questions: z.array(nonEmptyText).min(3, 'needs at least 3 ways a user would ask it'),
  answer: nonEmptyText,
  related: z.array(kebabId).default([]),
  flow: kebabId.optional(),
  updated: isoDate,
  owner: nonEmptyText,
});

export type Article = z.output<typeof articleSchema>;

import { z } from 'zod';

const term = z.string().trim().min(1, 'must not be empty');

/**
 * The search dictionary editors maintain beside the articles (`synonyms.yaml`): which words
 * mean the same (mapped to one canonical term when indexing and querying), extra words the
 * segmenter must keep whole, and filler that carries no meaning in a question.
 */
export const dictionarySchema = z.strictObject({
  synonyms: z
    .array(
      z.strictObject({
        canonical: term,
        variants: z.array(term).min(1, 'needs at least 1 variant'),
      }),
    )
    .default([]),
  words: z.array(term).default([]),
  filler: z.array(term).default([]),
});

export type Dictionary = z.output<typeof dictionarySchema>;

export const emptyDictionary: Dictionary = Object.freeze({ synonyms: [], words: [], filler: [] });

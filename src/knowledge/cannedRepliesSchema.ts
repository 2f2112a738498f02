import { z } from 'zod';

const kebabId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case: lowercase letters, digits and single hyphens');

/**
 * Agents' canned replies (`canned-replies.yaml` beside the articles), kept by editors: a title to
 * find it by and the text to insert, where `{agent}` becomes the agent's name and `{user}` what the
 * ticket calls the user.
 */
export const cannedRepliesSchema = z.strictObject({
  replies: z
    .array(
      z.strictObject({
        id: kebabId,
        title: z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters'),
        text: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
        tags: z.array(z.string().trim().min(1, 'must not be empty')).default([]),
      }),
    )
    .min(1, 'needs at least 1 reply')
    .refine((replies) => new Set(replies.map((r) => r.id)).size === replies.length, 'ids must be unique'),
});

export type CannedReplies = z.output<typeof cannedRepliesSchema>;
export type CannedReply = CannedReplies['replies'][number];

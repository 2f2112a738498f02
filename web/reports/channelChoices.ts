/** The channels every deployment may have, offered by the filter before any report names them. */
export const KNOWN_CHANNELS = ['directline', 'wechat'] as const;

/**
 * The channels the filter offers: the known ones, those reports have shown so far and the one
 * picked, without repeats, in that order.
 */
export function channelChoices(seen: Iterable<string>, picked: string | undefined, known: readonly string[] = KNOWN_CHANNELS): string[] {
  const all = new Set<string>(known);
  for (const channel of seen) all.add(channel);
  if (picked) all.add(picked);
  return [...all];
}

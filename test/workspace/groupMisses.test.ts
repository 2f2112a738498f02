import { describe, expect, it } from 'vitest';
import type { StoredMiss } from '../../src/storage/index.js';
import { groupMisses } from '../../src/workspace/index.js';

let next = 1;
const miss = (text: string, kind: StoredMiss['kind'] = 'noAnswer', createdAt = '2026-11-30T01:00:00.000Z'): StoredMiss => ({
  id: next++,
  channel: 'directline',
  conversationId: `c${next}`,
  kind,
  text,
  createdAt,
  status: 'open',
  resolution: null,
  resolvedBy: null,
  resolvedAt: null,
});
const key = (t: string) => t.replace(/[\s？?！!。，,]/g, '');
// Words as a toy analyser would give them: one per space-separated piece.
const words = (t: string) => t.split(/\s+/).filter(Boolean);

describe('groupMisses', () => {
  it('makes one row of a wording asked many times, and of wordings that share most words, largest first', () => {
    const groups = groupMisses(
      [miss('钱 几点 到账'), miss('钱 几点 到账？', 'unpicked', '2026-11-30T05:00:00.000Z'), miss('钱 几点 到'), miss('押金 怎么 退'), miss('钱 啥时候 到账 啊 老板 问')],
      key,
      words,
    );
    expect(groups.map((g) => [g.text, g.count])).toEqual([
      ['钱 几点 到账', 3],
      ['押金 怎么 退', 1],
      ['钱 啥时候 到账 啊 老板 问', 1],
    ]);
    expect(groups[0]).toMatchObject({ kinds: { noAnswer: 2, unpicked: 1, thumbsDown: 0, askedPerson: 0 }, examples: ['钱 几点 到'], lastAt: '2026-11-30T05:00:00.000Z' });
    expect(groups[0]!.id).toBe(Math.min(...groups[0]!.memberIds));
  });

  it('gives nothing for nothing', () => {
    expect(groupMisses([], key, words)).toEqual([]);
  });
});

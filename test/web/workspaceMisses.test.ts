import { describe, expect, it } from 'vitest';
import { addResultLines, missBadges, questionsFrom, resolutionText, sortMisses } from '../../web/workspace/describeMiss.js';
import { messages } from '../../web/workspace/messages.js';
import type { MissGroup } from '../../web/workspace/MissGroup.js';
import { missFixtures } from './workspaceFixtures.js';

const zh = messages['zh-CN'];
const en = messages.en;
const stamp = (iso: string) => `@${iso}`;
const group = (id: number, count: number, lastAt: string): MissGroup => ({ ...missFixtures.open[0]!, id, count, lastAt });

describe('sortMisses', () => {
  it('puts the most asked first', () => {
    expect(sortMisses(missFixtures.open).map((g) => g.text)).toEqual(['机器一直显示A6是什么意思', '押金什么时候到账', '手续费怎么算']);
  });

  it('puts the most recently seen first among equals, then the oldest group, and leaves its input alone', () => {
    const groups = [group(3, 4, '2026-03-01T01:00:00Z'), group(1, 4, '2026-03-01T01:00:00Z'), group(2, 4, '2026-03-02T01:00:00Z'), group(4, 9, 'not a time')];
    expect(sortMisses(groups).map((g) => g.id)).toEqual([4, 2, 1, 3]);
    expect(groups.map((g) => g.id)).toEqual([3, 1, 2, 4]);
  });
});

describe('missBadges', () => {
  it('shows the kinds that happened, with their counts, in a fixed order', () => {
    const [fee, a6, deposit] = missFixtures.open as [MissGroup, MissGroup, MissGroup];
    expect(missBadges(a6, zh)).toEqual([
      { kind: 'noAnswer', text: '没答上 9' },
      { kind: 'askedPerson', text: '要人工 3' },
    ]);
    expect(missBadges(deposit, zh).map((b) => b.text)).toEqual(['没选推荐 3', '差评 2']);
    expect(missBadges(deposit, en).map((b) => b.text)).toEqual(['None picked 3', 'Thumbs down 2']);
    expect(missBadges(fee, zh).map((b) => b.kind)).toEqual(['unpicked']);
  });
});

describe('resolutionText', () => {
  it('says nothing for an open group', () => {
    expect(resolutionText(missFixtures.open[0]!, zh, stamp)).toBeUndefined();
  });

  it('says which article took it, by title when known, who did it and when, and whether the bot answers now', () => {
    const added = missFixtures.added.group;
    expect(resolutionText(added, zh, stamp, (id) => (id === 'device-code-a6' ? '终端显示 A6' : undefined))).toBe('已加入「终端显示 A6」 · 卞编辑 · @2026-03-01T03:00:00Z · 机器人现在能回答这个问题了。');
    expect(resolutionText(added, en, stamp)).toBe('Added to “device-code-a6” · 卞编辑 · @2026-03-01T03:00:00Z · The bot answers it now.');
    const unsure = { ...added, resolution: { ...added.resolution!, answersNow: undefined } };
    expect(resolutionText(unsure, zh, stamp)).toBe('已加入「device-code-a6」 · 卞编辑 · @2026-03-01T03:00:00Z');
  });

  it('gives the reason an ignored group was ignored', () => {
    expect(resolutionText(missFixtures.ignored, zh, stamp)).toBe('已忽略：与业务无关 · 卞编辑 · @2026-03-01T03:05:00Z');
  });
});

describe('questionsFrom', () => {
  it('takes one question a line, trimmed, without blank lines or repeats', () => {
    expect(questionsFrom('  机器一直显示A6是什么意思 \r\n\n显示A6\n显示A6\n   ')).toEqual(['机器一直显示A6是什么意思', '显示A6']);
    expect(questionsFrom(' \n ')).toEqual([]);
  });
});

describe('addResultLines', () => {
  it('says where the questions went, whether the bot answers now, and the files to commit', () => {
    expect(addResultLines(missFixtures.added, zh)).toEqual({
      added: '已加入 knowledge/device/device-code-a6.yaml',
      answers: '机器人现在能回答这个问题了。',
      files: ['knowledge/device/device-code-a6.yaml'],
    });
    const notYet = addResultLines({ ...missFixtures.added, answersNow: false, changedFiles: undefined, commit: 'abc1234' }, en);
    expect(notYet).toEqual({ added: 'Added to knowledge/device/device-code-a6.yaml', answers: 'The bot does not answer it yet; the article may need more work.', files: [], commit: 'Committed: abc1234' });
  });

  it('says so when the article had every question already', () => {
    expect(addResultLines({ ...missFixtures.added, added: [] }, zh).added).toBe('knowledge/device/device-code-a6.yaml 里已经有这些问法，没有改动。');
    expect(addResultLines({ ...missFixtures.added, added: ['显示A6'] }, zh).added).toBe('已加入 knowledge/device/device-code-a6.yaml');
  });
});

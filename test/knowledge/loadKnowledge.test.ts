import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge, type KnowledgeProblem } from '../../src/knowledge/index.js';

/** One YAML document from its lines, so a test can point at line N by reading the list. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

/** A valid article whose lines are always: 1 id, 2 title, 3 category, 4 tags, 5 questions, 6-8 items, 9 answer, 10 related, 11 updated, 12 owner. */
const article = (id: string, { title = `About ${id}`, related = [] as string[] } = {}) =>
  yaml(
    `id: ${id}`,
    `title: ${title}`,
    'category: test',
    'tags: [sample]',
    'questions:',
    `  - what is ${id}`,
    `  - tell me about ${id}`,
    `  - how does ${id} work`,
    `answer: This is ${id}.`,
    `related: [${related.join(', ')}]`,
    'updated: 2026-11-24',
    'owner: kb-team',
  );

const dictionary = yaml(
  'synonyms:',
  '  - canonical: 密码',
  '    variants: [pin, 密吗]',
  '  - canonical: 终端',
  '    variants: [pos机, 机器]',
  'words: [返回码]',
  'filler: [请问]',
);

/** Only what a problem must get right for an editor to jump to it. */
const where = ({ code, severity, file, line, field }: KnowledgeProblem) => ({ code, severity, file, line, field });

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-load-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

describe('loadKnowledge', () => {
  describe('a valid folder', () => {
    it('loads every article from sub-folders with no problems, sorted by id', async () => {
      await write({
        'pin/pin-wrong.yaml': article('pin-wrong', { related: ['pin-locked'] }),
        'pin/pin-locked.yaml': article('pin-locked'),
        'device/device-paper.yaml': article('device-paper', { related: ['pin-wrong', 'pin-locked'] }),
        'synonyms.yaml': dictionary,
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([]);
      expect(snapshot.articles.map((a) => a.id)).toEqual(['device-paper', 'pin-locked', 'pin-wrong']);
    });

    it('indexes articles by id and keeps their related links and fields as written', async () => {
      await write({
        'pin/pin-wrong.yaml': article('pin-wrong', { related: ['pin-locked'] }),
        'pin/pin-locked.yaml': article('pin-locked'),
        'device/device-paper.yaml': article('device-paper', { related: ['pin-wrong', 'pin-locked'] }),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.byId.get('device-paper')?.related).toEqual(['pin-wrong', 'pin-locked']);
      expect(snapshot.byId.get('pin-wrong')).toEqual({
        id: 'pin-wrong',
        title: 'About pin-wrong',
        category: 'test',
        tags: ['sample'],
        questions: ['what is pin-wrong', 'tell me about pin-wrong', 'how does pin-wrong work'],
        answer: 'This is pin-wrong.',
        related: ['pin-locked'],
        updated: '2026-11-24',
        owner: 'kb-team',
      });
      expect(snapshot.byId.get('pin-locked')?.related).toEqual([]);
      expect(snapshot.byId.has('synonyms')).toBe(false);
      expect(snapshot.byId.size).toBe(3);
    });

    it('reads the synonym dictionary beside the articles', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong'), 'synonyms.yaml': dictionary });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.dictionary).toEqual({
        synonyms: [
          { canonical: '密码', variants: ['pin', '密吗'] },
          { canonical: '终端', variants: ['pos机', '机器'] },
        ],
        words: ['返回码'],
        filler: ['请问'],
      });
    });

    it('serves an empty dictionary when there is no synonyms.yaml', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong') });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([]);
      expect(snapshot.dictionary).toEqual({ synonyms: [], words: [], filler: [] });
    });
  });

  describe('YAML syntax errors', () => {
    const unclosedFlowSequence = yaml(
      'id: pin-wrong',
      'title: About pin-wrong',
      'category: test',
      'tags: [sample',
      'questions:',
      '  - what is pin-wrong',
    );

    it('reports KB_YAML_SYNTAX naming the file and does not serve it', async () => {
      await write({ 'pin/pin-wrong.yaml': unclosedFlowSequence, 'pin/pin-locked.yaml': article('pin-locked') });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toHaveLength(1);
      expect(snapshot.problems[0]).toMatchObject({ code: 'KB_YAML_SYNTAX', severity: 'error', file: 'pin/pin-wrong.yaml' });
      expect(snapshot.problems[0]?.field).toBeUndefined();
      expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-locked']);
    });

    // Each case lists the lines an editor would accept: where the mistake is, or where the
    // parser notices it (the line after).
    it.each([
      { mistake: 'an unclosed flow sequence', text: unclosedFlowSequence, lines: [4, 5] },
      {
        mistake: 'an unterminated quote on the last line',
        text: yaml('id: pin-wrong', 'title: About pin-wrong', 'category: test', 'tags: [sample]', 'questions:', '  - what is pin-wrong', '  - "tell me'),
        lines: [7, 8],
      },
      { mistake: 'a key written twice', text: yaml('id: pin-wrong', 'title: About pin-wrong', 'id: pin-wrong'), lines: [3] },
    ])('reports the line of $mistake', async ({ text, lines }) => {
      await write({ 'pin/pin-wrong.yaml': text });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map((p) => p.code)).toEqual(['KB_YAML_SYNTAX']);
      expect(lines).toContain(snapshot.problems[0]?.line);
    });

    it('reports a key written twice as a syntax error', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong') + 'owner: someone-else\n' });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map((p) => [p.code, p.file])).toEqual([['KB_YAML_SYNTAX', 'pin/pin-wrong.yaml']]);
      expect(snapshot.articles).toEqual([]);
    });
  });

  describe('schema errors', () => {
    it('reports a missing required field as that field, at the top of the file', async () => {
      await write({
        'pin/pin-wrong.yaml': yaml(
          'id: pin-wrong',
          'title: About pin-wrong',
          'category: test',
          'tags: [sample]',
          'questions:',
          '  - what is pin-wrong',
          '  - tell me about pin-wrong',
          '  - how does pin-wrong work',
          'updated: 2026-11-24',
          'owner: kb-team',
        ),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([
        { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 1, field: 'answer', message: 'is required' },
      ]);
      expect(snapshot.articles).toEqual([]);
    });

    it('reports an unknown field (a typo) at the line of that key', async () => {
      await write({
        'pin/pin-wrong.yaml': yaml(
          'id: pin-wrong',
          'title: About pin-wrong',
          'category: test',
          'tags: [sample]',
          'questons:',
          '  - what is pin-wrong',
          '  - tell me about pin-wrong',
          '  - how does pin-wrong work',
          'answer: This is pin-wrong.',
          'updated: 2026-11-24',
          'owner: kb-team',
        ),
      });

      const snapshot = await loadKnowledge(dir);

      const typo = snapshot.problems.find((p) => p.field === 'questons');
      expect(typo).toEqual({
        code: 'KB_SCHEMA',
        severity: 'error',
        file: 'pin/pin-wrong.yaml',
        line: 5,
        field: 'questons',
        message: 'unknown field "questons"',
      });
      // The misspelt key also leaves the real one missing: both are reported.
      expect(snapshot.problems.map(where)).toEqual(
        expect.arrayContaining([{ code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 1, field: 'questions' }]),
      );
      expect(snapshot.problems).toHaveLength(2);
    });

    it('reports fewer than 3 questions at the questions list', async () => {
      await write({
        'pin/pin-wrong.yaml': yaml(
          'id: pin-wrong',
          'title: About pin-wrong',
          'category: test',
          'tags: [sample]',
          'questions:',
          '  - what is pin-wrong',
          '  - tell me about pin-wrong',
          'answer: This is pin-wrong.',
          'updated: 2026-11-24',
          'owner: kb-team',
        ),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toHaveLength(1);
      expect(snapshot.problems[0]).toMatchObject({
        code: 'KB_SCHEMA',
        severity: 'error',
        file: 'pin/pin-wrong.yaml',
        field: 'questions',
        message: 'needs at least 3 ways a user would ask it',
      });
      // The line of the list itself (its first item), not of its key.
      expect(snapshot.problems[0]?.line).toBe(6);
    });

    it('reports an empty question by its index and line', async () => {
      await write({
        'pin/pin-wrong.yaml': yaml(
          'id: pin-wrong',
          'title: About pin-wrong',
          'category: test',
          'tags: [sample]',
          'questions:',
          '  - what is pin-wrong',
          '  - "  "',
          '  - how does pin-wrong work',
          'answer: This is pin-wrong.',
          'updated: 2026-11-24',
          'owner: kb-team',
        ),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([
        { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 7, field: 'questions.1', message: 'must not be empty' },
      ]);
    });

    it('reports an id that is not kebab-case', async () => {
      await write({ 'pin/Pin_Wrong.yaml': article('Pin_Wrong') });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_SCHEMA', severity: 'error', file: 'pin/Pin_Wrong.yaml', line: 1, field: 'id' },
      ]);
      expect(snapshot.problems[0]?.message).toMatch(/kebab-case/);
      expect(snapshot.articles).toEqual([]);
    });

    it('reports an updated value that is not a YYYY-MM-DD date at its line', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong').replace('updated: 2026-11-24', 'updated: 24.11.2026') });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([
        {
          code: 'KB_SCHEMA',
          severity: 'error',
          file: 'pin/pin-wrong.yaml',
          line: 11,
          field: 'updated',
          message: 'must be a date like 2026-11-24',
        },
      ]);
    });

    it('reports an updated date that does not exist in the calendar', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong').replace('updated: 2026-11-24', 'updated: 2026-13-45') });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 11, field: 'updated' },
      ]);
    });

    it('lists every problem of a file, not only the first', async () => {
      await write({
        'pin/pin-wrong.yaml': yaml(
          'id: pin-wrong',
          'title: About pin-wrong',
          'category: test',
          'tags: []',
          'questions:',
          '  - what is pin-wrong',
          '  - tell me about pin-wrong',
          '  - how does pin-wrong work',
          'answer: This is pin-wrong.',
          'updated: soon',
          'ownr: kb-team',
        ),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map(where)).toEqual(
        expect.arrayContaining([
          { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 4, field: 'tags' },
          { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 10, field: 'updated' },
          { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 11, field: 'ownr' },
          { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 1, field: 'owner' },
        ]),
      );
      expect(snapshot.problems).toHaveLength(4);
    });
  });

  describe('cross-file checks', () => {
    it('reports an id that does not match the file name, at the id line, and does not serve it', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrnog'), 'pin/pin-locked.yaml': article('pin-locked') });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([
        {
          code: 'KB_ID_FILE_MISMATCH',
          severity: 'error',
          file: 'pin/pin-wrong.yaml',
          line: 1,
          field: 'id',
          message: 'id "pin-wrnog" must match the file name "pin-wrong"',
        },
      ]);
      expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-locked']);
    });

    it('accepts the .yml extension and matches the id against the name without it', async () => {
      await write({ 'pin/pin-wrong.yml': article('pin-wrong') });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([]);
      expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-wrong']);
    });

    it('serves one of two files with the same id and reports the other as KB_DUPLICATE_ID', async () => {
      await write({
        'device/reset.yaml': article('reset', { title: 'Device reset' }),
        'pin/reset.yaml': article('reset', { title: 'PIN reset' }),
      });

      const snapshot = await loadKnowledge(dir);

      // Files are read in path order, so the first one keeps the id.
      expect(snapshot.articles.map((a) => a.title)).toEqual(['Device reset']);
      expect(snapshot.problems).toEqual([
        {
          code: 'KB_DUPLICATE_ID',
          severity: 'error',
          file: 'pin/reset.yaml',
          line: 1,
          field: 'id',
          message: 'duplicate id "reset", already used by device/reset.yaml',
        },
      ]);
    });

    it('keeps a duplicated id with the file that served it before, not the newcomer', async () => {
      await write({ 'pin/reset.yaml': article('reset', { title: 'PIN reset' }) });
      const previous = await loadKnowledge(dir);
      await write({ 'device/reset.yaml': article('reset', { title: 'Device reset' }) });

      const snapshot = await loadKnowledge(dir, { previous });

      expect(snapshot.articles.map((a) => a.title)).toEqual(['PIN reset']);
      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_DUPLICATE_ID', severity: 'error', file: 'device/reset.yaml', line: 1, field: 'id' },
      ]);
    });

    it('reports an unknown related id as related.N at its line and serves the article without that link', async () => {
      await write({
        'pin/pin-wrong.yaml': yaml(
          'id: pin-wrong',
          'title: About pin-wrong',
          'category: test',
          'tags: [sample]',
          'questions:',
          '  - what is pin-wrong',
          '  - tell me about pin-wrong',
          '  - how does pin-wrong work',
          'answer: This is pin-wrong.',
          'related:',
          '  - pin-locked',
          '  - pin-gone',
          'updated: 2026-11-24',
          'owner: kb-team',
        ),
        'pin/pin-locked.yaml': article('pin-locked'),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([
        {
          code: 'KB_UNKNOWN_RELATED',
          severity: 'error',
          file: 'pin/pin-wrong.yaml',
          line: 12,
          field: 'related.1',
          message: 'related article "pin-gone" does not exist',
        },
      ]);
      expect(snapshot.byId.get('pin-wrong')?.related).toEqual(['pin-locked']);
      expect(snapshot.articles.find((a) => a.id === 'pin-wrong')?.related).toEqual(['pin-locked']);
    });

    it('drops a related link to an article that is itself not served', async () => {
      await write({
        'pin/pin-wrong.yaml': article('pin-wrong', { related: ['pin-locked'] }),
        'pin/pin-locked.yaml': article('pin-locked').replace('owner: kb-team\n', ''),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map(where)).toEqual(
        expect.arrayContaining([
          { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-locked.yaml', line: 1, field: 'owner' },
          { code: 'KB_UNKNOWN_RELATED', severity: 'error', file: 'pin/pin-wrong.yaml', line: 10, field: 'related.0' },
        ]),
      );
      expect(snapshot.problems).toHaveLength(2);
      expect(snapshot.byId.get('pin-wrong')?.related).toEqual([]);
    });
  });

  describe('the synonym dictionary', () => {
    it('reports a variant listed under two canonical terms as KB_DUPLICATE_VARIANT at the second', async () => {
      await write({
        'synonyms.yaml': yaml(
          'synonyms:',
          '  - canonical: 密码',
          '    variants: [pin, 密吗]',
          '  - canonical: 键盘',
          '    variants:',
          '      - pin',
          '      - keypad',
        ),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_DUPLICATE_VARIANT', severity: 'error', file: 'synonyms.yaml', line: 6, field: 'synonyms.1.variants.0' },
      ]);
      expect(snapshot.problems[0]?.message).toBe('"pin" is already a variant of "密码"');
    });

    it('treats variants that differ only in letter case as the same variant', async () => {
      await write({
        'synonyms.yaml': yaml(
          'synonyms:',
          '  - canonical: 密码',
          '    variants: [PIN]',
          '  - canonical: 键盘',
          '    variants: [keypad, pin]',
        ),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_DUPLICATE_VARIANT', severity: 'error', file: 'synonyms.yaml', line: 5, field: 'synonyms.1.variants.1' },
      ]);
    });

    it("reports a variant that is another group's canonical term", async () => {
      await write({
        'synonyms.yaml': yaml(
          'synonyms:',
          '  - canonical: 密码',
          '    variants: [pin]',
          '  - canonical: 键盘',
          '    variants:',
          '      - 密码',
        ),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems).toEqual([
        {
          code: 'KB_DUPLICATE_VARIANT',
          severity: 'error',
          file: 'synonyms.yaml',
          line: 6,
          field: 'synonyms.1.variants.0',
          message: '"密码" is itself a canonical term; list its variants there instead',
        },
      ]);
    });

    it('serves no dictionary rather than a contradictory one', async () => {
      await write({
        'pin/pin-wrong.yaml': article('pin-wrong'),
        'synonyms.yaml': yaml('synonyms:', '  - canonical: 密码', '    variants: [pin]', '  - canonical: 键盘', '    variants: [pin]'),
      });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.dictionary).toEqual({ synonyms: [], words: [], filler: [] });
      expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-wrong']);
    });

    it('reports an unknown dictionary field at its line', async () => {
      await write({ 'synonyms.yaml': yaml('synonyms: []', 'word: [返回码]') });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_SCHEMA', severity: 'error', file: 'synonyms.yaml', line: 2, field: 'word' },
      ]);
    });
  });

  describe('last good version', () => {
    it('keeps serving the previous version of a file that breaks, with the error and a KB_SERVING_LAST_GOOD warning', async () => {
      await write({
        'pin/pin-wrong.yaml': article('pin-wrong', { title: 'Wrong PIN, version 1' }),
        'pin/pin-locked.yaml': article('pin-locked'),
      });
      const previous = await loadKnowledge(dir);
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong', { title: 'Wrong PIN, version 2' }).replace('answer: This is pin-wrong.\n', '') });

      const snapshot = await loadKnowledge(dir, { previous });

      expect(snapshot.byId.get('pin-wrong')?.title).toBe('Wrong PIN, version 1');
      expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-locked', 'pin-wrong']);
      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 1, field: 'answer' },
        { code: 'KB_SERVING_LAST_GOOD', severity: 'warning', file: 'pin/pin-wrong.yaml', line: 1, field: undefined },
      ]);
    });

    it('keeps serving the previous version of a file whose YAML breaks', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong') });
      const previous = await loadKnowledge(dir);
      await write({ 'pin/pin-wrong.yaml': 'id: pin-wrong\ntags: [oops\n' });

      const snapshot = await loadKnowledge(dir, { previous });

      expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-wrong']);
      expect(snapshot.problems.map((p) => [p.code, p.severity, p.file])).toEqual([
        ['KB_YAML_SYNTAX', 'error', 'pin/pin-wrong.yaml'],
        ['KB_SERVING_LAST_GOOD', 'warning', 'pin/pin-wrong.yaml'],
      ]);
    });

    it('keeps serving the last good version across several broken loads in a row', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong', { title: 'Good' }) });
      const first = await loadKnowledge(dir);
      await write({ 'pin/pin-wrong.yaml': article('pin-wrnog') });
      const second = await loadKnowledge(dir, { previous: first });

      const third = await loadKnowledge(dir, { previous: second });

      expect(third.byId.get('pin-wrong')?.title).toBe('Good');
      expect(third.problems.map((p) => p.code)).toEqual(['KB_ID_FILE_MISMATCH', 'KB_SERVING_LAST_GOOD']);
    });

    it('serves the new version and reports nothing once the file is fixed', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong', { title: 'Version 1' }) });
      const first = await loadKnowledge(dir);
      await write({ 'pin/pin-wrong.yaml': 'id: [' });
      const broken = await loadKnowledge(dir, { previous: first });
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong', { title: 'Version 3' }) });

      const fixed = await loadKnowledge(dir, { previous: broken });

      expect(fixed.problems).toEqual([]);
      expect(fixed.byId.get('pin-wrong')?.title).toBe('Version 3');
    });

    it('does not serve a broken new file that never had a good version', async () => {
      await write({ 'pin/pin-locked.yaml': article('pin-locked') });
      const previous = await loadKnowledge(dir);
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong').replace('owner: kb-team\n', '') });

      const snapshot = await loadKnowledge(dir, { previous });

      expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-locked']);
      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_SCHEMA', severity: 'error', file: 'pin/pin-wrong.yaml', line: 1, field: 'owner' },
      ]);
    });

    it('stops serving an article whose file was deleted', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong'), 'pin/pin-locked.yaml': article('pin-locked') });
      const previous = await loadKnowledge(dir);
      await rm(path.join(dir, 'pin/pin-wrong.yaml'));

      const snapshot = await loadKnowledge(dir, { previous });

      expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-locked']);
      expect(snapshot.problems).toEqual([]);
    });

    it('keeps the previous dictionary when synonyms.yaml breaks', async () => {
      await write({ 'synonyms.yaml': dictionary });
      const previous = await loadKnowledge(dir);
      await write({ 'synonyms.yaml': yaml('synonyms:', '  - canonical: 密码', '    variants: []') });

      const snapshot = await loadKnowledge(dir, { previous });

      expect(snapshot.dictionary).toEqual(previous.dictionary);
      expect(snapshot.problems.map(where)).toEqual([
        { code: 'KB_SCHEMA', severity: 'error', file: 'synonyms.yaml', line: 3, field: 'synonyms.0.variants' },
        { code: 'KB_SERVING_LAST_GOOD', severity: 'warning', file: 'synonyms.yaml', line: 1, field: undefined },
      ]);
    });

    // A deleted dictionary is gone at once, as a deleted article is; two loads of one folder agree.
    it('stops using the dictionary as soon as synonyms.yaml is deleted', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong'), 'synonyms.yaml': dictionary });
      const first = await loadKnowledge(dir);
      await rm(path.join(dir, 'synonyms.yaml'));

      const second = await loadKnowledge(dir, { previous: first });
      const third = await loadKnowledge(dir, { previous: second });

      expect(second.dictionary).toEqual(third.dictionary);
      expect(second.dictionary).toEqual({ synonyms: [], words: [], filler: [] });
    });

    it('does not mutate the previous snapshot', async () => {
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong', { title: 'Version 1' }) });
      const previous = await loadKnowledge(dir);
      const before = structuredClone({ articles: previous.articles, problems: previous.problems });
      await write({ 'pin/pin-wrong.yaml': article('pin-wrong', { title: 'Version 2' }), 'pin/pin-locked.yaml': article('pin-locked') });

      await loadKnowledge(dir, { previous });

      expect({ articles: previous.articles, problems: previous.problems }).toEqual(before);
      expect(previous.byId.size).toBe(1);
    });
  });

  describe('an unusable folder', () => {
    it('throws KnowledgeError KB_DIR_MISSING when the folder does not exist', async () => {
      const missing = path.join(dir, 'no-such-folder');

      const error = await loadKnowledge(missing).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(KnowledgeError);
      expect(error).toMatchObject({ code: 'KB_DIR_MISSING', name: 'KnowledgeError' });
      expect((error as Error).message).toContain(missing);
    });

    it('throws KB_DIR_MISSING when the path is a file, not a folder', async () => {
      await write({ 'pin-wrong.yaml': article('pin-wrong') });

      await expect(loadKnowledge(path.join(dir, 'pin-wrong.yaml'))).rejects.toMatchObject({ code: 'KB_DIR_MISSING' });
    });

    it('loads an empty folder as no articles and no problems', async () => {
      const snapshot = await loadKnowledge(dir);

      expect(snapshot.articles).toEqual([]);
      expect(snapshot.problems).toEqual([]);
    });
  });

  describe('the real knowledge folder', () => {
    const knowledgeDir = fileURLToPath(new URL('../../knowledge', import.meta.url));

    it('loads with no problems and at least 30 articles covering the core topics', async () => {
      const snapshot = await loadKnowledge(knowledgeDir);

      expect(snapshot.problems).toEqual([]);
      expect(snapshot.articles.length).toBeGreaterThanOrEqual(30);
      expect(snapshot.dictionary.synonyms.length).toBeGreaterThan(0);
      const ids = [...snapshot.byId.keys()];
      expect(ids).toEqual(
        expect.arrayContaining([
          'pin-wrong',
          'pin-locked',
          'pin-forgot',
          'pin-no-password',
          'pin-pad-fault',
          'pin-security',
          'operator-password-reset',
          'deposit-esign',
          'deposit-traditional',
          'deposit-smart',
          'deposit-refund',
          'deposit-refund-status',
          'activation-how',
          'activation-criteria',
          'activation-failed',
          'activation-deadline',
          'apply-pos',
          'device-fault',
          'contact-support',
          'transaction-declined',
        ]),
      );
    });
  });
});

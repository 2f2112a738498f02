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

  // One shape, many mistakes: the files written, every problem as an editor needs it (code,
  // file, line, field, and the message where it says what to do), and the articles still served.
  const withLines = (...lines: string[]) => ({ 'pin/pin-wrong.yaml': yaml('id: pin-wrong', 'title: About pin-wrong', 'category: test', 'tags: [sample]', ...lines) });
  const threeQuestions = ['questions:', '  - what is pin-wrong', '  - tell me about pin-wrong', '  - how does pin-wrong work'];
  type Expected = Pick<KnowledgeProblem, 'code' | 'line'> & { field?: string; message?: string | RegExp; file?: string };
  const cases: { mistake: string; files: Record<string, string>; problems: Expected[]; served: string[] }[] = [
    {
      mistake: 'a missing required field, at the top of the file',
      files: withLines(...threeQuestions, 'updated: 2026-11-24', 'owner: kb-team'),
      problems: [{ code: 'KB_SCHEMA', line: 1, field: 'answer', message: 'is required' }],
      served: [],
    },
    {
      mistake: 'an unknown field (a typo) at the line of that key, and the real one missing',
      files: withLines('questons:', '  - what is pin-wrong', '  - tell me about pin-wrong', '  - how does pin-wrong work', 'answer: This is pin-wrong.', 'updated: 2026-11-24', 'owner: kb-team'),
      problems: [
        { code: 'KB_SCHEMA', line: 5, field: 'questons', message: 'unknown field "questons"' },
        { code: 'KB_SCHEMA', line: 1, field: 'questions' },
      ],
      served: [],
    },
    {
      mistake: 'fewer than 3 questions, at the list itself (its first item), not its key',
      files: withLines('questions:', '  - what is pin-wrong', '  - tell me about pin-wrong', 'answer: This is pin-wrong.', 'updated: 2026-11-24', 'owner: kb-team'),
      problems: [{ code: 'KB_SCHEMA', line: 6, field: 'questions', message: 'needs at least 3 ways a user would ask it' }],
      served: [],
    },
    {
      mistake: 'an empty question, by its index and line',
      files: withLines('questions:', '  - what is pin-wrong', '  - "  "', '  - how does pin-wrong work', 'answer: This is pin-wrong.', 'updated: 2026-11-24', 'owner: kb-team'),
      problems: [{ code: 'KB_SCHEMA', line: 7, field: 'questions.1', message: 'must not be empty' }],
      served: [],
    },
    {
      mistake: 'an id that is not kebab-case',
      files: { 'pin/Pin_Wrong.yaml': article('Pin_Wrong') },
      problems: [{ code: 'KB_SCHEMA', file: 'pin/Pin_Wrong.yaml', line: 1, field: 'id', message: /kebab-case/ }],
      served: [],
    },
    {
      mistake: 'an updated value that is not a YYYY-MM-DD date, at its line',
      files: { 'pin/pin-wrong.yaml': article('pin-wrong').replace('updated: 2026-11-24', 'updated: 24.11.2026') },
      problems: [{ code: 'KB_SCHEMA', line: 11, field: 'updated', message: 'must be a date like 2026-11-24' }],
      served: [],
    },
    {
      mistake: 'an updated date that does not exist in the calendar',
      files: { 'pin/pin-wrong.yaml': article('pin-wrong').replace('updated: 2026-11-24', 'updated: 2026-13-45') },
      problems: [{ code: 'KB_SCHEMA', line: 11, field: 'updated' }],
      served: [],
    },
    {
      mistake: 'every problem of a file, not only the first',
      files: { 'pin/pin-wrong.yaml': yaml('id: pin-wrong', 'title: About pin-wrong', 'category: test', 'tags: []', ...threeQuestions, 'answer: This is pin-wrong.', 'updated: soon', 'ownr: kb-team') },
      problems: [
        { code: 'KB_SCHEMA', line: 4, field: 'tags' },
        { code: 'KB_SCHEMA', line: 10, field: 'updated' },
        { code: 'KB_SCHEMA', line: 11, field: 'ownr' },
        { code: 'KB_SCHEMA', line: 1, field: 'owner' },
      ],
      served: [],
    },
    {
      mistake: 'an id that does not match the file name, at the id line',
      files: { 'pin/pin-wrong.yaml': article('pin-wrnog'), 'pin/pin-locked.yaml': article('pin-locked') },
      problems: [{ code: 'KB_ID_FILE_MISMATCH', line: 1, field: 'id', message: 'id "pin-wrnog" must match the file name "pin-wrong"' }],
      served: ['pin-locked'],
    },
    {
      mistake: 'nothing, with the .yml extension: the id is matched against the name without it',
      files: { 'pin/pin-wrong.yml': article('pin-wrong') },
      problems: [],
      served: ['pin-wrong'],
    },
    {
      mistake: 'two files with the same id: the first in path order keeps it',
      files: { 'device/reset.yaml': article('reset', { title: 'Device reset' }), 'pin/reset.yaml': article('reset', { title: 'PIN reset' }) },
      problems: [{ code: 'KB_DUPLICATE_ID', file: 'pin/reset.yaml', line: 1, field: 'id', message: 'duplicate id "reset", already used by device/reset.yaml' }],
      served: ['reset'],
    },
    {
      mistake: 'an unknown related id, as related.N at its line (the article is served without that link)',
      files: { ...withLines(...threeQuestions, 'answer: This is pin-wrong.', 'related:', '  - pin-locked', '  - pin-gone', 'updated: 2026-11-24', 'owner: kb-team'), 'pin/pin-locked.yaml': article('pin-locked') },
      problems: [{ code: 'KB_UNKNOWN_RELATED', line: 12, field: 'related.1', message: 'related article "pin-gone" does not exist' }],
      served: ['pin-locked', 'pin-wrong'],
    },
    {
      mistake: 'a related link to an article that is itself not served',
      files: { 'pin/pin-wrong.yaml': article('pin-wrong', { related: ['pin-locked'] }), 'pin/pin-locked.yaml': article('pin-locked').replace('owner: kb-team\n', '') },
      problems: [
        { code: 'KB_SCHEMA', file: 'pin/pin-locked.yaml', line: 1, field: 'owner' },
        { code: 'KB_UNKNOWN_RELATED', line: 10, field: 'related.0' },
      ],
      served: ['pin-wrong'],
    },
  ];

  describe('problems, each with file, line and field', () => {
    it.each(cases)('reports $mistake', async ({ files, problems, served }) => {
      await write(files);

      const snapshot = await loadKnowledge(dir);

      const expected = problems.map(({ message, file = 'pin/pin-wrong.yaml', ...rest }) =>
        expect.objectContaining({ severity: 'error', file, ...rest, ...(message === undefined ? {} : { message: typeof message === 'string' ? message : expect.stringMatching(message) }) }),
      );
      expect(snapshot.problems).toEqual(expect.arrayContaining(expected));
      expect(snapshot.problems).toHaveLength(problems.length);
      expect(snapshot.articles.map((a) => a.id)).toEqual(served);
    });

    it('serves an article without a related link it reported, and the first of two files with one id by its title', async () => {
      await write({ ...cases[11]!.files, 'device/reset.yaml': article('reset', { title: 'Device reset' }), 'pin/reset.yaml': article('reset', { title: 'PIN reset' }) });

      const snapshot = await loadKnowledge(dir);

      expect(snapshot.byId.get('pin-wrong')?.related).toEqual(['pin-locked']);
      expect(snapshot.byId.get('reset')?.title).toBe('Device reset');
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

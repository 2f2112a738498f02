import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import {
  consoleConversationId,
  consoleWording,
  formatForTerminal,
  hasUserMessages,
  lastBotReply,
  latestConsoleConversation,
  parseConsoleLine,
  type ConsoleTranscriptEntry,
} from '../../src/channels/console/index.js';
import { loadMessages } from '../../src/conversation/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { runCli } from '../support/runCli.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

const messages = await loadMessages(localesDir);
const zh = { label: consoleWording['zh-CN'].label, messages: messages['zh-CN'] };

describe('parseConsoleLine', () => {
  it.each([
    ['/new', { kind: 'command', command: 'new' }],
    ['/quit', { kind: 'command', command: 'quit' }],
    ['/exit', { kind: 'command', command: 'quit' }],
    ['  /QUIT ', { kind: 'command', command: 'quit' }],
    ['／new', { kind: 'command', command: 'new' }],
    ['/help', { kind: 'command', command: 'help' }],
    ['/?', { kind: 'command', command: 'help' }],
    ['/nwe', { kind: 'unknown-command', typed: '/nwe' }],
    ['／帮助', { kind: 'unknown-command', typed: '/帮助' }],
    [' 押金怎么退 ', { kind: 'message', text: '押金怎么退' }],
    ['1', { kind: 'message', text: '1' }],
    ['new', { kind: 'message', text: 'new' }],
    ['   ', { kind: 'empty' }],
  ])('%j is %o', (line, parsed) => {
    expect(parseConsoleLine(line)).toEqual(parsed);
  });
});

describe('formatForTerminal', () => {
  it.each<[string, Partial<Activity>, string | undefined]>([
    ['a message under the label', { type: 'message', text: '您好！' }, '\n客服: 您好！'],
    [
      'Markdown as plain text, lines under the first',
      { type: 'message', text: '**押金**\n\n1. 先激活\n2. 再等退还' },
      '\n客服: 【押金】\n\n      1. 先激活\n      2. 再等退还',
    ],
    [
      'options numbered after the lead-in',
      { type: 'message', text: '哪种机器？', suggestedActions: { to: [], actions: [{ type: 'imBack', title: '电签POS机', value: '电签POS机' }, { type: 'imBack', title: '', value: '传统POS机' }] } },
      '\n客服: 哪种机器？\n\n      回复序号：\n      1. 电签POS机\n      2. 传统POS机',
    ],
    ['an event as its name', { type: 'event', name: 'handoff.initiate' }, '  [event handoff.initiate]'],
    ['nothing for typing', { type: 'typing' }, undefined],
    ['nothing for an empty message', { type: 'message', text: '' }, undefined],
  ])('%s', (_, activity, printed) => {
    expect(formatForTerminal(activity, zh)).toBe(printed);
  });

  it('speaks English with --en', () => {
    const en = { label: consoleWording.en.label, messages: messages.en };
    const activity = { type: 'message', text: 'Which one?', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Wrong PIN', value: 'Wrong PIN' }] } };
    expect(formatForTerminal(activity, en)).toBe('\nkefu: Which one?\n\n      Reply with a number:\n      1. Wrong PIN');
  });
});

describe('latestConsoleConversation', () => {
  const console = (conversationId: string) => ({ channel: 'console', conversationId });
  it.each([
    ['the most recent of the user’s', [console('console-editor-1700000000000'), console('console-editor')], 'console-editor-1700000000000'],
    ['the first when it is the most recent', [console('console-editor'), console('console-editor-1700000000000')], 'console-editor'],
    ['not another user’s', [console('console-editor2'), console('console-editor-x'), console('console-editor')], 'console-editor'],
    ['not another channel’s', [{ channel: 'directline', conversationId: 'console-editor' }], undefined],
    ['none without conversations', [], undefined],
  ])('%s', (_, conversations, latest) => {
    expect(latestConsoleConversation(conversations, 'editor')).toBe(latest);
  });

  it('takes a user name as text, not as a pattern', () => {
    expect(latestConsoleConversation([console('console-a-b-1')], 'a.b')).toBeUndefined();
    expect(latestConsoleConversation([console('console-a.b-1')], 'a.b')).toBe('console-a.b-1');
  });

  it('names a conversation started with /new after its time', () => {
    expect(consoleConversationId('editor')).toBe('console-editor');
    expect(consoleConversationId('editor', new Date(1_700_000_000_000))).toBe('console-editor-1700000000000');
  });
});

describe('resuming from the transcript', () => {
  const greeting: ConsoleTranscriptEntry = { direction: 'out', type: 'message', text: '您好', payload: { suggestedActions: ['押金怎么退'] } };
  const joined: ConsoleTranscriptEntry = { direction: 'in', type: 'conversationUpdate', text: null, payload: null };
  const asked: ConsoleTranscriptEntry = { direction: 'in', type: 'message', text: '押金怎么退', payload: null };
  const question: ConsoleTranscriptEntry = { direction: 'out', type: 'message', text: '哪种机器？', payload: { suggestedActions: ['电签POS机', '传统POS机'] } };
  const event: ConsoleTranscriptEntry = { direction: 'out', type: 'event', text: null, payload: { name: 'handoff.initiate' } };

  it('carries on only when the user said something', () => {
    expect(hasUserMessages([joined, greeting])).toBe(false);
    expect(hasUserMessages([joined, greeting, asked, question])).toBe(true);
  });

  it('shows the bot’s last message again, with its options', () => {
    expect(lastBotReply([joined, greeting, asked, question, event])).toEqual({ text: '哪种机器？', actions: ['电签POS机', '传统POS机'] });
    expect(lastBotReply([joined, greeting, asked])).toEqual({ text: '您好', actions: ['押金怎么退'] });
    expect(lastBotReply([joined])).toBeUndefined();
  });
});

/**
 * Runs `npm run chat -- ...args` in `dataDir` with `input` on stdin (never a TTY): in this process,
 * or as its own process (stdin a pipe) with `{ asProcess: true }`.
 */
async function chat(dataDir: string, input: string, args: readonly string[] = [], { asProcess = false } = {}) {
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', KNOWLEDGE_WATCH: 'false' };
  const { code, stdout, stderr } = await (asProcess ? runCli : runCliInProcess)('chat', args, { env, input });
  // What was printed before the first input line, then after each (piped lines are echoed "> x").
  const afterEach = stdout.split(/^> .*$/m).map((segment) => segment.trim());
  return { code, stdout, stderr, afterEach };
}

/*
 * Most runs are in this process. The unknown option and the conversation's next start run as
 * their own processes, as an editor runs them, so that the wiring stays tested: the arguments,
 * the exit codes 2 and 0, and lines piped in on stdin. Each process takes a second or two to
 * start (tsx), more on a busy machine.
 */
describe('npm run chat', { timeout: 60_000 }, () => {
  it('documents the commands in --help, and refuses an unknown option', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-chat-cli-'));
    try {
      const help = await chat(dataDir, '', ['--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(/\/new .*\/quit/);
      expect(help.stdout).toContain('Ctrl-D');
      const wrong = await chat(dataDir, '', ['--nope'], { asProcess: true });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('--nope');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('numbers options so that a number picks one, and carries on the last conversation at the next start', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-chat-cli-'));
    try {
      const { menu } = messages['zh-CN'];
      const pick = menu[1]!;
      const first = await chat(dataDir, `${pick}\n/new\n2\n1\n/quit\n`);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      const [start, typed, , picked, next] = first.afterEach;
      expect(start).toContain(consoleWording['zh-CN'].usage);
      expect(start).not.toContain(consoleWording['zh-CN'].resumed);
      expect(start).toContain(`回复序号：\n      1. ${menu[0]}\n      2. ${pick}\n`);
      // "2" on the menu of the conversation /new started is the menu's second topic, typed.
      expect(picked).toBe(typed);
      expect(picked).toMatch(/回复序号：\n {6}1\. /);
      expect(next).toMatch(/^客服: /);
      expect(next).not.toBe(picked);

      const second = await chat(dataDir, '1\n/quit\n', [], { asProcess: true });
      expect(second).toMatchObject({ code: 0, stderr: '' });
      const [resumed, answered] = second.afterEach;
      // The conversation /new started, where it stood: its last message, whose options still count.
      expect(resumed).toBe(`${consoleWording['zh-CN'].usage}\n\n${consoleWording['zh-CN'].resumed}\n\n${next}`);
      expect(answered).toMatch(/^客服: /);
      expect(answered).not.toContain(messages['zh-CN'].noAnswer.slice(0, 10));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

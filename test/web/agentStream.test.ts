import { describe, expect, it } from 'vitest';
import { connectStream, type StreamState } from '../../web/agent/connectStream.js';
import { parseFrame } from '../../web/agent/parseFrame.js';
import { reconnectDelay } from '../../web/agent/reconnectDelay.js';
import { streamUrl } from '../../web/agent/streamUrl.js';
import type { Frame } from '../../web/agent/Ticket.js';

describe('streamUrl', () => {
  it('uses wss: under https and ws: under http, on the page’s own host', () => {
    expect(streamUrl({ protocol: 'https:', host: 'kefu.example.com' })).toBe('wss://kefu.example.com/api/agent/stream');
    expect(streamUrl({ protocol: 'http:', host: '127.0.0.1:3978' })).toBe('ws://127.0.0.1:3978/api/agent/stream');
  });
});

describe('reconnectDelay', () => {
  it('doubles from 1 s up to 30 s', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => reconnectDelay(n, middle))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('spreads attempts by ±20% so consoles do not all come back at once', () => {
    expect(reconnectDelay(1, () => 0)).toBe(800);
    expect(reconnectDelay(1, () => 0.999999)).toBe(1200);
  });
});

describe('parseFrame', () => {
  it('reads the frames the README lists', () => {
    const ticket = { id: 't1', state: 'waiting', reason: 'x' };
    expect(parseFrame(JSON.stringify({ type: 'ticket', ticket }))).toEqual({ type: 'ticket', ticket });
    expect(parseFrame('{"type":"typing","ticketId":"t1"}')).toEqual({ type: 'typing', ticketId: 't1' });
    expect(parseFrame('{"type":"presence","online":["a1",2]}')).toEqual({ type: 'presence', online: ['a1', 2] });
    expect(parseFrame('{"type":"message","ticketId":"t1","message":{"from":"user","text":"55","timestamp":"t"}}')).toMatchObject({ type: 'message', message: { text: '55' } });
    expect(parseFrame('{"type":"hello","agent":{"id":"a1"},"online":["a1"]}')).toMatchObject({ type: 'hello', online: ['a1'] });
  });

  it('skips what it does not know or cannot use, without throwing', () => {
    for (const data of ['not json', '[]', 'null', '{"type":"future"}', '{"type":"ticket"}', '{"type":"message","ticketId":"t1"}', '{"type":"typing"}', new ArrayBuffer(2)]) {
      expect(parseFrame(data)).toBeUndefined();
    }
  });
});

/** A WebSocket stand-in the test drives by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
}

function harness() {
  FakeSocket.all = [];
  const timers: Array<{ callback: () => void; ms: number; cancelled: boolean }> = [];
  const states: StreamState[] = [];
  const frames: Frame[] = [];
  const opens: boolean[] = [];
  const stream = connectStream({
    url: 'ws://host/api/agent/stream',
    WebSocketImpl: FakeSocket,
    onFrame: (f) => frames.push(f),
    onState: (s) => states.push(s),
    onOpen: (reconnected) => opens.push(reconnected),
    delay: (attempt) => attempt * 1000,
    setTimeout: (callback, ms) => timers.push({ callback, ms, cancelled: false }) - 1,
    clearTimeout: (i: number) => void (timers[i]!.cancelled = true),
  });
  const socket = () => FakeSocket.all[FakeSocket.all.length - 1]!;
  const fire = () => {
    const timer = timers.find((t) => !t.cancelled);
    if (!timer) throw new Error('no timer pending');
    timer.cancelled = true;
    timer.callback();
  };
  return { stream, states, frames, opens, timers, socket, fire };
}

describe('connectStream', () => {
  it('passes frames on and reports the connection state', () => {
    const h = harness();
    expect(h.socket().url).toBe('ws://host/api/agent/stream');
    h.socket().onopen!({});
    h.socket().onmessage!({ data: '{"type":"typing","ticketId":"t1"}' });
    h.socket().onmessage!({ data: 'garbage' });
    expect(h.frames).toEqual([{ type: 'typing', ticketId: 't1' }]);
    expect(h.states.map((s) => s.kind)).toEqual(['connecting', 'open']);
    expect(h.opens).toEqual([false]);
  });

  it('reconnects with a growing delay while the server is away, and says it reconnected', () => {
    const h = harness();
    h.socket().onopen!({});
    h.socket().onclose!({});
    expect(h.states.at(-1)).toEqual({ kind: 'waiting', retryInMs: 1000, attempt: 1 });
    h.fire();
    const { onerror, onclose } = h.socket();
    onerror!({});
    onclose!({}); // error then close: one attempt, not two
    expect(FakeSocket.all[1]!.closed).toBe(true);
    expect(h.states.at(-1)).toEqual({ kind: 'waiting', retryInMs: 2000, attempt: 2 });
    expect(h.timers.filter((t) => !t.cancelled)).toHaveLength(1);
    h.fire();
    h.socket().onopen!({});
    expect(h.opens).toEqual([false, true]);
    // Back to the shortest delay once it was open again.
    h.socket().onclose!({});
    expect(h.states.at(-1)).toMatchObject({ retryInMs: 1000 });
    expect(FakeSocket.all).toHaveLength(3);
  });

  it('stops for good on close: the socket is closed and no attempt follows', () => {
    const h = harness();
    h.socket().onopen!({});
    const first = h.socket();
    h.stream.close();
    expect(first.closed).toBe(true);
    expect(first.onclose).toBeNull();
    expect(h.timers).toHaveLength(0);

    const waiting = harness();
    waiting.socket().onclose!({});
    waiting.stream.close();
    expect(waiting.timers.every((t) => t.cancelled)).toBe(true);
  });

  it('treats a constructor that throws like a failed connection', () => {
    const states: StreamState[] = [];
    connectStream({
      url: 'bad',
      WebSocketImpl: class {
        constructor() {
          throw new SyntaxError('bad url');
        }
      } as never,
      onFrame: () => undefined,
      onState: (s) => states.push(s),
      setTimeout: () => 0,
    });
    expect(states.map((s) => s.kind)).toEqual(['connecting', 'waiting']);
  });
});

import { describe, expect, it } from 'vitest';
import { scrollTarget, type ScrollView } from '../../web/widget/scrollTarget.js';

// A phone's chat log: 700 px visible. The last message starts at `arrivedTop`; the content ends
// at `contentHeight`, so the new bot message (with whatever sits below it) is contentHeight - arrivedTop tall.
const phone = (view: Partial<ScrollView>): ScrollView => ({ atEnd: true, lastFrom: 'bot', arrivedTop: undefined, viewHeight: 700, contentHeight: 2_000, ...view });

describe('scrollTarget', () => {
  it('scrolls to the end when a short bot message arrives', () => {
    expect(scrollTarget(phone({ arrivedTop: 1_700 }))).toBe(1_300);
  });

  it('scrolls to the end when the new message fits exactly, margin included', () => {
    expect(scrollTarget(phone({ arrivedTop: 1_308 }))).toBe(1_300);
  });

  it('scrolls a bot message taller than the view to its top, with a small margin above it', () => {
    expect(scrollTarget(phone({ arrivedTop: 1_000 }))).toBe(992);
    expect(scrollTarget(phone({ arrivedTop: 1_000, margin: 20 }))).toBe(980);
  });

  it('shows the first of several new bot messages from its top when together they do not fit', () => {
    // A short message and a long one in the same update: the reader starts at the short one.
    expect(scrollTarget(phone({ arrivedTop: 900 }))).toBe(892);
  });

  it('never scrolls above the start of the log', () => {
    expect(scrollTarget(phone({ arrivedTop: 4, contentHeight: 1_500 }))).toBe(0);
  });

  it("scrolls to the end for the user's own message, long or short, even after they scrolled up", () => {
    expect(scrollTarget(phone({ lastFrom: 'user' }))).toBe(1_300);
    expect(scrollTarget(phone({ lastFrom: 'user', atEnd: false }))).toBe(1_300);
  });

  it('leaves a reader who scrolled up to read history where they are', () => {
    expect(scrollTarget(phone({ atEnd: false, arrivedTop: 1_700 }))).toBeUndefined();
    expect(scrollTarget(phone({ atEnd: false, arrivedTop: 1_000 }))).toBeUndefined();
  });

  it('keeps the end in view when nothing new arrived (a status change, the restored log, a typing indicator)', () => {
    expect(scrollTarget(phone({}))).toBe(1_300);
    expect(scrollTarget(phone({ lastFrom: undefined, contentHeight: 300 }))).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { isImeActive, shouldSend } from '../../web/shared/shouldSend.js';

const enter = { key: 'Enter', shiftKey: false, isComposing: false, keyCode: 13 };

describe('shouldSend', () => {
  it('sends on Enter', () => {
    expect(shouldSend(enter, false)).toBe(true);
  });

  it('does not send on Shift+Enter (a new line) or on other keys', () => {
    expect(shouldSend({ ...enter, shiftKey: true }, false)).toBe(false);
    expect(shouldSend({ ...enter, key: 'a', keyCode: 65 }, false)).toBe(false);
  });

  it.each([
    ['between compositionstart and compositionend', { ...enter }, true],
    ['when the event says isComposing (Chrome, Firefox)', { ...enter, isComposing: true, keyCode: 229 }, false],
    ['when keyCode is 229 after compositionend (Safari)', { ...enter, keyCode: 229 }, false],
    ['when only isComposing is known (no keyCode)', { key: 'Enter', shiftKey: false, isComposing: true }, false],
  ])('never sends while an input method is composing: %s', (_when, event, composing) => {
    expect(shouldSend(event, composing)).toBe(false);
  });
});

describe('isImeActive', () => {
  it('is false for a plain Escape, true for one that closes the candidate list', () => {
    expect(isImeActive({ key: 'Escape', shiftKey: false, keyCode: 27 }, false)).toBe(false);
    expect(isImeActive({ key: 'Escape', shiftKey: false, isComposing: true }, false)).toBe(true);
  });
});

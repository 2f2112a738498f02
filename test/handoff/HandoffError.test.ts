import { describe, expect, it } from 'vitest';
import { HandoffError, handoffErrorCodes } from '../../src/handoff/index.js';

describe('HandoffError', () => {
  it('has no duplicate codes', () => {
    expect(new Set(handoffErrorCodes).size).toBe(handoffErrorCodes.length);
  });

  it('names the module in its message and keeps code and details', () => {
    const error = new HandoffError('HANDOFF_LOCKED', 'locked', { retryAfterSeconds: 60 });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HandoffError');
    expect(error.message).toBe('kefu handoff: locked');
    expect(error.code).toBe('HANDOFF_LOCKED');
    expect(error.details).toEqual({ retryAfterSeconds: 60 });
    expect(new HandoffError('HANDOFF_BAD_INPUT', 'x').details).toEqual({});
  });
});

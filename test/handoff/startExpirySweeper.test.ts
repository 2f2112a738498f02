import { afterEach, describe, expect, it, vi } from 'vitest';
import { startExpirySweeper, SWEEP_INTERVAL_MS } from '../../src/handoff/index.js';

describe('startExpirySweeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sweeps every interval until stopped, and reports a failed sweep without stopping', async () => {
    vi.useFakeTimers();
    let sweeps = 0;
    const errors: unknown[] = [];
    const stop = startExpirySweeper(
      {
        sweep: async () => {
          sweeps++;
          if (sweeps === 2) throw new Error('database gone');
          return 0;
        },
      },
      (error) => errors.push(error),
    );
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS * 3);
    expect(sweeps).toBe(3);
    expect(errors).toHaveLength(1);
    stop();
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS * 3);
    expect(sweeps).toBe(3);
  });
});

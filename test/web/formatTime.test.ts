import { describe, expect, it } from 'vitest';
import { formatTime } from '../../web/widget/formatTime.js';

describe('formatTime', () => {
  it('shows HH:mm in local time, with leading zeros', () => {
    expect(formatTime(new Date(2026, 0, 2, 9, 5, 59).toISOString())).toBe('09:05');
    expect(formatTime(new Date(2026, 0, 2, 23, 40).toISOString())).toBe('23:40');
  });

  it('shows nothing for a time that does not parse', () => {
    expect(formatTime('not a time')).toBe('');
  });
});

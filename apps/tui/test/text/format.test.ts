import { describe, expect, it } from 'vitest';
import { humanDate, relativeTime } from '../../src/format.js';

describe('relative dates', () => {
  it('say what Intl.RelativeTimeFormat says in English, for every unit, past and future', () => {
    const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    const counts = [1, 2, 3, 11, 59, 100, 1000, 12_345];
    for (const unit of ['year', 'month', 'week', 'day', 'hour', 'minute'] as const) {
      for (const count of [...counts, ...counts.map((value) => -value)]) {
        expect(relativeTime(count, unit)).toBe(intl.format(count, unit));
      }
    }
  });

  it('pick the largest unit that fits, and say "just now" under a minute', () => {
    const now = new Date('2026-10-18T12:00:00Z');
    expect(humanDate('2026-10-17T11:00:00Z', now)).toBe('yesterday');
    expect(humanDate('2026-10-15T12:00:00Z', now)).toBe('3 days ago');
    expect(humanDate('2026-10-18T14:30:00Z', now)).toBe('in 2 hours');
    expect(humanDate('2026-10-18T11:59:30Z', now)).toBe('just now');
    expect(humanDate(undefined, now)).toBe('—');
    expect(humanDate('not a date', now)).toBe('not a date');
  });
});

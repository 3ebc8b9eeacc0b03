import { describe, expect, it } from 'vitest';
import { exactDate, humanDate, relativeTime } from '../../src/format.js';

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

  it('show a value that is not a real date as it is, never as a date Date.parse guessed', () => {
    const now = new Date('2026-10-18T12:00:00Z');
    for (const value of [
      'Connection 12',
      '5',
      '2026-02-30T00:00:00Z',
      '2026-10-18T25:00:00Z',
      '18/10/2026',
    ]) {
      expect(humanDate(value, now)).toBe(value);
      expect(exactDate(value)).toBe(value);
    }
    expect(humanDate('2026-10-18T12:00:00+02:00', now)).toBe('2 hours ago');
    expect(humanDate('2026-10-18 11:00:00Z', now)).toBe('1 hour ago');
    expect(humanDate('2024-02-29', now)).toBe('2 years ago');
    expect(exactDate('2026-10-18T12:00:07.123456Z')).toBe('2026-10-18 12:00:07 UTC');
    // The minute boundary: 59 seconds is just now, 60 a minute.
    expect(humanDate('2026-10-18T11:59:01Z', now)).toBe('just now');
    expect(humanDate('2026-10-18T11:59:00Z', now)).toBe('1 minute ago');
    expect(humanDate('2026-10-18T12:01:00Z', now)).toBe('in 1 minute');
  });
});

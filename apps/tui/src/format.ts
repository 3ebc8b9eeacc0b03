import { groupDigits } from './text.js';

type Unit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';

const UNITS: [Unit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** What English says for one unit back or ahead, where it has a word for it. */
const ADJACENT: Partial<Record<Unit, [past: string, future: string]>> = {
  year: ['last year', 'next year'],
  month: ['last month', 'next month'],
  week: ['last week', 'next week'],
  day: ['yesterday', 'tomorrow'],
};

/**
 * `-3, 'day'` → "3 days ago", `1, 'week'` → "next week": what
 * `new Intl.RelativeTimeFormat('en', { numeric: 'auto' })` says for a whole number other than 0
 * (test/format checks it does), without the ICU formatter, whose locale data adds ~6 MB to the
 * resident memory and ~10 ms to the first frame.
 */
export function relativeTime(count: number, unit: Unit): string {
  const adjacent = ADJACENT[unit];
  if (adjacent && Math.abs(count) === 1) return count < 0 ? adjacent[0] : adjacent[1];
  const amount = Math.abs(count);
  const text = `${groupDigits(amount)} ${amount === 1 ? unit : `${unit}s`}`;
  return count < 0 ? `${text} ago` : `in ${text}`;
}

/** An RFC 3339 date-time (`T` or a space between date and time; seconds and zone optional) or a date. */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The instant an API date stands for, or NaN when it is not a real date. `Date.parse` alone guesses:
 * it reads "Connection 12" and "5" as days of 2001 and rolls February 30 over into March, so a
 * broken proxy's value would be shown as a date nobody wrote.
 */
export function parseInstant(iso: string): number {
  const parts = INSTANT.exec(iso);
  if (!parts) return Number.NaN;
  const field = (index: number) => Number(parts[index] ?? 0);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map(field) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const real =
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60;
  return real ? Date.parse(iso.replace(' ', 'T')) : Number.NaN;
}

/** "3 days ago", "in 2 hours", "just now"; an empty date gives "—", an unreadable one itself. */
export function humanDate(iso: string | undefined, now: Date): string {
  if (!iso) return '—';
  const time = parseInstant(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((time - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeTime(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** The exact instant in UTC, to the second: "2026-10-18 16:42:07 UTC". */
export function exactDate(iso: string | undefined): string {
  if (!iso) return '—';
  const time = parseInstant(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** One cell of sample data as text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** "142 ms", or what to say when the API gave no usable latency. */
export function latencyText(ms: number): string {
  return Number.isFinite(ms) ? `${ms} ms` : 'latency unknown';
}

import type { Connection, ConnectionTestResult } from '@spartera/types';
import { exactDate, humanDate, latencyText } from '../format.js';
import { wrapText } from '../text.js';

/** The width of the labels column of the detail. */
export const LABEL_WIDTH = 22;

export interface DetailLine {
  /** The field's label on its first line, '' on the lines its value wraps onto. */
  label: string;
  text: string;
  muted: boolean;
}

/**
 * What is known of the credentials, which the API never returns: none are needed (type NONE), none
 * are stored (the last test said so, as `t` shows), or they are write-only and untested here.
 */
export function credentialsText(connection: Connection, lastTest: ConnectionTestResult | undefined): string {
  if (connection.credential_type === 'NONE') return 'none needed (credential type NONE)';
  if (lastTest && !lastTest.success && /no credentials/i.test(lastTest.message)) {
    return 'no credentials stored (the last test said so); e adds them';
  }
  if (lastTest?.success) return 'stored, write-only (never shown); the last test used them';
  return 'write-only, never shown; t tests whether they are stored and work';
}

function dateValue(iso: string | undefined, now: Date): string {
  return iso ? `${humanDate(iso, now)}  (${exactDate(iso)})` : '—';
}

function testValue(result: ConnectionTestResult | undefined): string {
  if (!result) return 'not tested in this session (t tests it)';
  return `${result.success ? '✓ works' : '✗ failed'} · ${latencyText(result.latency_ms)} · ${exactDate(result.tested_at)}`;
}

/**
 * Every field of one connection as lines `width` columns wide: long names and descriptions wrap
 * instead of being cut. The credentials are write-only and never shown.
 */
export function detailLines(
  connection: Connection,
  engine: string,
  lastTest: ConnectionTestResult | undefined,
  now: Date,
  width: number,
): DetailLine[] {
  const fields: [string, string, boolean?][] = [
    ['Name', connection.name ?? '—'],
    ['Connection id', connection.connection_id],
    ['Description', connection.description ?? '—'],
    ['Engine', `${engine} (id ${connection.engine_id})`],
    ['Credential type', connection.credential_type ?? '—'],
    ['Credentials', credentialsText(connection, lastTest), true],
    ['Last test', testValue(lastTest), lastTest === undefined],
    ['Provider domain', connection.provider_domain ?? '—'],
    [
      'Right to use data',
      connection.verified_usage_ability === undefined
        ? '—'
        : connection.verified_usage_ability
          ? 'yes, affirmed by the seller'
          : 'no',
    ],
    ['Visibility', connection.visibility ?? '—'],
    ['Company', connection.company_id],
    ['Created by', connection.user_id ?? '—'],
    ['Created', dateValue(connection.date_created, now)],
    ['Last updated', dateValue(connection.last_updated, now)],
  ];
  const valueWidth = Math.max(10, width - LABEL_WIDTH);
  return fields.flatMap(([label, value, muted = false]) =>
    wrapText(value, valueWidth).map((text, index) => ({ label: index === 0 ? label : '', text, muted })),
  );
}

/**
 * The CLI's `--fault` flag: a fault as comma-separated `key=value` pairs, turned into the control
 * API's JSON fault so that both are checked by the same schema.
 *
 *   status=429,retry-after=2,count=3,op=listConnections
 *   drop=after,op=createConnection
 *   slow-body=16:50
 *   delay=2000,op=getConnection
 *   status=502,body-file=./proxy.html,content-type=text/html
 */
export const FAULT_FLAG_HELP = `  status=CODE          answer with this error status (400..599), without handling the request
    retry-after=S      ... and Retry-After: S (with retry_after in a 429 body)
    message=TEXT       ... with this error message (no commas)
    body=TEXT          ... with this raw body instead of the JSON error (no commas)
    body-file=PATH     ... with the contents of PATH as the raw body
    content-type=TYPE  ... of this content type (default text/html; charset=utf-8)
  drop[=before|after]  close the connection before handling (default), or after it
  slow-body[=B:MS]     send the body in B-byte chunks MS milliseconds apart (default 16:50)
  delay=MS|MIN-MAX     hold the answer this long
and, for any of them:
  count=N              how many matching requests it applies to (default 1)
  op=OPERATION_ID      only requests of this operation, such as listConnections
  method=METHOD        only requests with this HTTP method
  path=/PATH           only requests to this exact path`;

/** Flag keys → the JSON fields they set, to name fields the way the user wrote them. */
export const FAULT_FLAG_FIELDS: Readonly<Record<string, string>> = {
  status: 'status',
  'retry-after': 'retryAfter',
  message: 'message',
  body: 'rawBody',
  'body-file': 'rawBody',
  'content-type': 'contentType',
  drop: 'when',
  'slow-body': 'chunkBytes',
  delay: 'ms',
  count: 'count',
  op: 'operationId',
  method: 'method',
  path: 'path',
};

const KINDS = ['status', 'drop', 'slow-body', 'delay'] as const;

function number(text: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/**
 * Parses one `--fault` value. Throws an Error naming the key at fault; `readFile` reads `body-file`.
 * The result is not checked yet: the control API's schema does that.
 */
export function parseFaultFlag(spec: string, readFile: (path: string) => string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const kinds: string[] = [];
  for (const part of spec.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    const key = (equals === -1 ? trimmed : trimmed.slice(0, equals)).trim().toLowerCase();
    const value = equals === -1 ? undefined : trimmed.slice(equals + 1).trim();
    if (!(key in FAULT_FLAG_FIELDS)) {
      throw new Error(`unknown key "${key}"; use ${Object.keys(FAULT_FLAG_FIELDS).join(', ')}`);
    }
    if ((KINDS as readonly string[]).includes(key)) kinds.push(key);
    const needsValue = key !== 'drop' && key !== 'slow-body';
    if (needsValue && (value === undefined || value === ''))
      throw new Error(`${key} needs a value: ${key}=...`);
    switch (key) {
      case 'drop':
        fields.type = 'drop';
        if (value !== undefined) fields.when = value;
        break;
      case 'slow-body': {
        fields.type = 'slowBody';
        if (value === undefined) break;
        const match = /^(\d+):(\d+(?:\.\d+)?)$/.exec(value);
        if (!match) throw new Error(`slow-body must be BYTES:MS such as 16:50, got "${value}"`);
        fields.chunkBytes = Number(match[1]);
        fields.chunkDelayMs = Number(match[2]);
        break;
      }
      case 'delay': {
        fields.type = 'latency';
        const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(value ?? '');
        fields.ms = range ? [Number(range[1]), Number(range[2])] : number(value ?? '');
        break;
      }
      case 'status':
        fields.type = 'status';
        fields.status = number(value ?? '');
        break;
      case 'body-file':
        try {
          fields.rawBody = readFile(value ?? '');
        } catch (error) {
          throw new Error(
            `body-file ${value ?? ''} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
        }
        break;
      case 'retry-after':
      case 'count':
        fields[FAULT_FLAG_FIELDS[key] ?? key] = number(value ?? '');
        break;
      default:
        fields[FAULT_FLAG_FIELDS[key] ?? key] = value;
    }
  }
  if (kinds.length === 0) throw new Error('says what to do with none of status=, drop, slow-body, delay=');
  if (kinds.length > 1) throw new Error(`says both ${kinds.join(' and ')}; give one per --fault`);
  // A delay from the command line is always queued (server-wide latency is --latency).
  if (fields.type === 'latency') fields.count ??= 1;
  return fields;
}

const FLAG_KEY_OF_FIELD: Readonly<Record<string, string>> = {
  type: 'status=, drop, slow-body or delay=',
  status: 'status',
  retryAfter: 'retry-after',
  message: 'message',
  rawBody: 'body',
  contentType: 'content-type',
  when: 'drop',
  chunkBytes: 'slow-body',
  chunkDelayMs: 'slow-body',
  ms: 'delay',
  count: 'count',
  operationId: 'op',
  method: 'method',
  path: 'path',
};

/** A field of the JSON fault (`retryAfter`), as `--fault` spells it (`retry-after`). */
export function flagKeyOf(field: string): string {
  return FLAG_KEY_OF_FIELD[field] ?? field;
}

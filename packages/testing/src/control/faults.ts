/**
 * Faults as JSON, for the control API (`POST /__spartera/faults`) and the CLI's `--fault` flag: the
 * vocabulary of the JavaScript `faults` API, checked with JSON Schema so that a typo, a wrong type, a
 * negative count or an unknown operationId is a 400 naming the field rather than a fault that never
 * fires. A batch is applied all or nothing.
 */
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { OperationId } from '@spartera/types';
import type { Latency, RandomFailure } from '../engine/faults.js';
import { Faults } from '../engine/faults.js';
import type { FieldErrors } from '../engine/spec.js';
import { describeValidationErrors, emptyFieldErrors, operations } from '../engine/spec.js';
import { createRandom } from '../random.js';

interface MatchFields {
  operationId?: OperationId;
  method?: string;
  path?: string;
  count?: number;
}

/** One fault, as the control API takes it. */
export type FaultRequest =
  | ({
      type: 'status';
      status: number;
      retryAfter?: number;
      message?: string;
      rawBody?: string;
      contentType?: string;
    } & MatchFields)
  | ({ type: 'drop'; when?: 'before' | 'after' } & MatchFields)
  | ({ type: 'slowBody'; chunkBytes?: number; chunkDelayMs?: number } & MatchFields)
  /** Server-wide latency, or, with `count`, `operationId`, `method` or `path`, a queued delay. */
  | ({ type: 'latency'; ms: Latency } & MatchFields)
  | { type: 'failRate'; rate: number; failWith?: RandomFailure[] };

export type FaultType = FaultRequest['type'];

/** A fault request that cannot be applied; `errors` maps each bad field to what is wrong with it. */
export class FaultRequestError extends TypeError {
  constructor(
    message: string,
    readonly errors: FieldErrors,
  ) {
    super(message);
    this.name = 'FaultRequestError';
  }
}

export const operationIds: readonly OperationId[] = operations.map((operation) => operation.operationId);
/** The HTTP methods the API's operations use, such as GET and PATCH. */
const apiMethods: readonly string[] = [...new Set(operations.map((operation) => operation.method))];

const MAX_COUNT = 1_000_000;
const MAX_DELAY_MS = 600_000;
/** Printable ASCII only: a header value with a line break would split the response. */
const HEADER_VALUE = '^[\\x20-\\x7e]*$';

const matchProperties = {
  operationId: { enum: operationIds },
  method: { type: 'string', pattern: '^[A-Za-z]{1,16}$' },
  path: { type: 'string', pattern: '^/', maxLength: 2048 },
  count: { type: 'integer', minimum: 1, maximum: MAX_COUNT },
};

const delaySchema = { type: 'number', minimum: 0, maximum: MAX_DELAY_MS };

const schemas: Record<FaultType, object> = {
  status: {
    required: ['status'],
    properties: {
      status: { type: 'integer', minimum: 400, maximum: 599 },
      retryAfter: { type: 'integer', minimum: 0, maximum: 86_400 },
      message: { type: 'string', maxLength: 2000 },
      rawBody: { type: 'string' },
      contentType: { type: 'string', minLength: 1, maxLength: 200, pattern: HEADER_VALUE },
      ...matchProperties,
    },
  },
  drop: { properties: { when: { enum: ['before', 'after'] }, ...matchProperties } },
  slowBody: {
    properties: {
      chunkBytes: { type: 'integer', minimum: 1, maximum: 1_048_576 },
      chunkDelayMs: delaySchema,
      ...matchProperties,
    },
  },
  latency: {
    required: ['ms'],
    properties: {
      ms: {
        anyOf: [
          delaySchema,
          { type: 'array', prefixItems: [delaySchema, delaySchema], minItems: 2, maxItems: 2 },
        ],
      },
      ...matchProperties,
    },
  },
  failRate: {
    required: ['rate'],
    properties: {
      rate: { type: 'number', minimum: 0, maximum: 1 },
      failWith: {
        type: 'array',
        minItems: 1,
        maxItems: 16,
        items: { enum: [429, 500, 502, 503, 504, 'drop'] },
      },
    },
  },
};

export const faultTypes = Object.keys(schemas) as FaultType[];

let validators: Map<FaultType, ValidateFunction> | undefined;

function validatorFor(type: FaultType): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    validators = new Map(
      faultTypes.map((name) => [
        name,
        ajv.compile({
          type: 'object',
          additionalProperties: false,
          ...schemas[name],
          properties: { type: { const: name }, ...(schemas[name] as { properties: object }).properties },
        }),
      ]),
    );
  }
  const validate = validators.get(type);
  if (!validate) throw new Error(`no validator for fault type ${type}`);
  return validate;
}

function knownFields(type: FaultType): string[] {
  return ['type', ...Object.keys((schemas[type] as { properties: object }).properties)];
}

/** `retry_after` or `RetryAfter` for `retryAfter`: the fields people mistype. */
function suggestion(field: string, type: FaultType): string | undefined {
  const wanted = field.replace(/[-_](\w)/g, (_, letter: string) => letter.toUpperCase()).toLowerCase();
  return knownFields(type).find((known) => known.toLowerCase() === wanted);
}

/** The smallest number of single-character edits from `a` to `b` (Levenshtein). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The operationId closest to a mistyped one, when one is close. */
function closestOperation(given: unknown): OperationId | undefined {
  if (typeof given !== 'string' || given.length > 64) return undefined;
  let best: OperationId | undefined;
  let bestDistance = 3;
  for (const operationId of operationIds) {
    const distance = editDistance(given.toLowerCase(), operationId.toLowerCase());
    if (distance < bestDistance) {
      best = operationId;
      bestDistance = distance;
    }
  }
  return best;
}

/** What is wrong with an operationId that is not one of the spec's, with the likely intended one. */
export function unknownOperation(given: unknown): string {
  const closest = closestOperation(given);
  const hint = closest === undefined ? '' : `; did you mean ${closest}?`;
  return `must be an operationId of the spec, got ${JSON.stringify(given)}${hint} (${operationIds.join(', ')})`;
}

function withPrefix(errors: FieldErrors, prefix: string): FieldErrors {
  if (prefix === '') return errors;
  const prefixed = emptyFieldErrors();
  for (const [field, messages] of Object.entries(errors)) prefixed[`${prefix}.${field}`] = messages;
  return prefixed;
}

/** Checks one fault object; returns it typed, or the problems keyed by field. */
function checkOne(value: unknown, at: string): { fault?: FaultRequest; errors: FieldErrors } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      errors: { [at || '(body)']: ['must be a fault object such as {"type":"status","status":503}'] },
    };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !(faultTypes as string[]).includes(type)) {
    const got = type === undefined ? 'nothing' : JSON.stringify(type);
    return {
      errors: withPrefix({ type: [`must be one of ${faultTypes.join(', ')}, got ${got}`] }, at),
    };
  }
  const faultType = type as FaultType;
  const validate = validatorFor(faultType);
  const valid = validate(value);
  const errors = valid ? emptyFieldErrors() : describeValidationErrors(validate.errors ?? [], '(fault)');
  // A method the API never serves, or one its operation is never called with, is a fault that
  // would wait forever: refuse it instead of queuing it.
  const { method, operationId } = value as { method?: unknown; operationId?: unknown };
  if (typeof method === 'string' && (errors.method ?? []).length === 0) {
    const wanted = method.toUpperCase();
    const operation = operations.find((candidate) => candidate.operationId === operationId);
    if (!apiMethods.includes(wanted)) {
      errors.method = [
        `must be one of ${apiMethods.join(', ')} (the API's methods), got ${JSON.stringify(method)}`,
      ];
    } else if (operation !== undefined && operation.method !== wanted) {
      errors.method = [`${wanted} never matches ${operation.operationId}, which is ${operation.method}`];
    }
  }
  if (valid && Object.keys(errors).length === 0) return { fault: value as FaultRequest, errors: {} };
  if (errors.ms) {
    errors.ms = [`must be milliseconds 0..${MAX_DELAY_MS}, or a [min, max] pair of them`];
  }
  if (errors.operationId) {
    const given = (value as { operationId?: unknown }).operationId;
    errors.operationId = [unknownOperation(given)];
  }
  for (const [field, messages] of Object.entries(errors)) {
    if (!messages.includes('is not allowed')) continue;
    const known = suggestion(field, faultType);
    errors[field] = [
      known === undefined
        ? `is not allowed for a ${faultType} fault; use ${knownFields(faultType).join(', ')}`
        : `is not allowed; did you mean ${known}?`,
    ];
  }
  return { errors: withPrefix(errors, at) };
}

function hasMatch(fault: MatchFields): boolean {
  return (
    fault.count !== undefined ||
    fault.operationId !== undefined ||
    fault.method !== undefined ||
    fault.path !== undefined
  );
}

function applyOne(faults: Faults, fault: FaultRequest): void {
  switch (fault.type) {
    case 'status': {
      const { type: _type, ...options } = fault;
      faults.nextResponses(options);
      return;
    }
    case 'drop': {
      const { type: _type, ...options } = fault;
      faults.dropConnections(options);
      return;
    }
    case 'slowBody': {
      const { type: _type, ...options } = fault;
      faults.slowBody(options);
      return;
    }
    case 'latency': {
      const { type: _type, ...options } = fault;
      if (hasMatch(options)) faults.delayResponses(options);
      else faults.setLatency(options.ms);
      return;
    }
    case 'failRate':
      faults.setFailRate(fault.rate, fault.failWith);
      return;
  }
}

/**
 * Checks one fault or an array of them without applying any: every problem of the batch is reported
 * at once in a `FaultRequestError`, keyed by field (`[2].status`). Returns the faults, typed.
 */
export function checkFaultRequests(body: unknown): FaultRequest[] {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) {
    throw new FaultRequestError('Invalid fault: the array is empty', {
      '(body)': ['must hold at least one fault'],
    });
  }
  if (items.length > 1000) {
    throw new FaultRequestError('Invalid fault: at most 1000 faults at once', {
      '(body)': ['must hold at most 1000 faults'],
    });
  }
  const errors = emptyFieldErrors();
  const checked: FaultRequest[] = [];
  items.forEach((item, index) => {
    const result = checkOne(item, Array.isArray(body) ? `[${index}]` : '');
    Object.assign(errors, result.errors);
    if (result.fault) checked.push(result.fault);
  });
  // The Faults methods check what a schema cannot say (a latency range's min ≤ max): a dry run on
  // a scratch instance finds those before anything is queued for real.
  if (Object.keys(errors).length === 0) {
    const scratch = new Faults(createRandom(0), {});
    checked.forEach((fault, index) => {
      try {
        applyOne(scratch, fault);
      } catch (error) {
        // The only such checks are of a latency's `ms`; anything else names the fault as a whole.
        const field = fault.type === 'latency' ? 'ms' : '(fault)';
        errors[Array.isArray(body) ? `[${index}].${field}` : field] = [
          error instanceof Error ? error.message : String(error),
        ];
      }
    });
  }
  if (Object.keys(errors).length > 0) {
    const summary = Object.entries(errors)
      .slice(0, 5)
      .map(([field, messages]) => `${field} ${messages.join(', ')}`)
      .join('; ');
    throw new FaultRequestError(`Invalid fault: ${summary}`, errors);
  }
  return checked;
}

/**
 * Checks one fault or an array of them (see `checkFaultRequests`) and applies them all, or none.
 * Returns how many faults were applied.
 */
export function applyFaultRequests(faults: Faults, body: unknown): number {
  const checked = checkFaultRequests(body);
  for (const fault of checked) applyOne(faults, fault);
  return checked.length;
}

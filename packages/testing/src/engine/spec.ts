/**
 * Everything the mock knows about the API comes from the OpenAPI document: routes, parameters,
 * request and response schemas. The validators are compiled ahead of time from the same document
 * (validator-catalog.ts, scripts/generate-validators.mjs → src/generated/): starting a mock and
 * answering its first requests loads no schema compiler and compiles nothing.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { OperationId } from '@spartera/types';
import type { Body, Params } from './handlers/types.js';
import openApiDocument from '@spartera/types/openapi.json' with { type: 'json' };
import * as coercingValidators from '../generated/coercing-validators.js';
import * as strictValidators from '../generated/strict-validators.js';
import type { OpenApiDocument, OperationSpec } from './validator-catalog.js';
import {
  bodyKey,
  parametersKey,
  readOperations,
  resolvePointer as resolveIn,
  responseKey,
  responseSchema,
  schemaKey,
  STATE_KEY,
} from './validator-catalog.js';

export { HTTP_METHODS } from './validator-catalog.js';
export type { OperationSpec } from './validator-catalog.js';

type JsonObject = Record<string, unknown>;

const document = openApiDocument as unknown as OpenApiDocument;

function resolvePointer(ref: string): JsonObject {
  return resolveIn(document, ref);
}

export const operations: readonly OperationSpec[] = readOperations(document);

export const operationsById: ReadonlyMap<OperationId, OperationSpec> = new Map(
  operations.map((operation) => [operation.operationId, operation]),
);

type Validators = Readonly<Record<string, ValidateFunction | undefined>>;

/** The compiled validator named `key`; a missing one means src/generated/ is older than the catalog. */
function compiled(validators: Validators, key: string): ValidateFunction {
  const validate = Object.hasOwn(validators, key) ? validators[key] : undefined;
  if (!validate) {
    throw new Error(`no compiled validator ${key}: run \`pnpm generate\` in packages/testing`);
  }
  return validate;
}

/** The property names a schema of `components/schemas` declares (used for `sort_by`). */
export function schemaPropertyNames(schemaName: string): string[] {
  const schema = resolvePointer(`#/components/schemas/${schemaName}`);
  return Object.keys((schema.properties as JsonObject | undefined) ?? {});
}

/**
 * Names of the properties that are ISO 8601 date-times in any schema: they sort correctly as plain
 * strings, which is much cheaper than a locale-aware comparison.
 */
export function dateTimePropertyNames(): Set<string> {
  const names = new Set<string>();
  const schemas = (document.components as { schemas: Record<string, JsonObject> }).schemas;
  for (const schema of Object.values(schemas)) {
    for (const [name, property] of Object.entries(
      (schema.properties as Record<string, JsonObject> | undefined) ?? {},
    )) {
      if (property.format === 'date-time') names.add(name);
    }
  }
  return names;
}

/** Per-field messages, as a 400 body's `errors` carries them. */
export type FieldErrors = Record<string, string[]>;

/**
 * An empty `FieldErrors` without a prototype: field names come from the request (an unknown body
 * field, a query parameter), and one named `__proto__` must be an entry like any other.
 */
export function emptyFieldErrors(): FieldErrors {
  return Object.create(null) as FieldErrors;
}

function addFieldError(errors: FieldErrors, field: string, message: string): void {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** Turns ajv's errors into `{ field: [messages] }`; `rootField` names errors about the whole value. */
export function toFieldErrors(ajvErrors: readonly ErrorObject[], rootField: string): FieldErrors {
  const errors = emptyFieldErrors();
  for (const error of ajvErrors) {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      addFieldError(errors, path ? `${path}.${missing}` : missing, 'is required');
    } else if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      addFieldError(errors, path ? `${path}.${extra}` : extra, 'is not allowed');
    } else if (error.keyword === 'if' || error.keyword === 'allOf') {
      continue;
    } else {
      addFieldError(errors, path || rootField, error.message ?? 'is invalid');
    }
  }
  return errors;
}

/** `/connections/3/connection/engine_id` → `connections[3].connection.engine_id`. */
function readablePath(instancePath: string): string {
  let path = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`;
  }
  return path;
}

function joinPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

const MAX_LISTED_VALUES = 12;

function listValues(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_LISTED_VALUES).map((value) => String(value));
  return values.length > MAX_LISTED_VALUES ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * Turns ajv's errors about a document of the mock's own (a state file, a fault) into messages keyed
 * by a readable path (`connections[3].connection.engine_id`), naming allowed values where there are few.
 */
export function describeValidationErrors(ajvErrors: readonly ErrorObject[], rootField: string): FieldErrors {
  const errors = emptyFieldErrors();
  for (const error of ajvErrors) {
    const path = readablePath(error.instancePath);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        addFieldError(errors, joinPath(path, String(params.missingProperty)), 'is required');
        break;
      case 'additionalProperties':
        addFieldError(errors, joinPath(path, String(params.additionalProperty)), 'is not allowed');
        break;
      case 'unevaluatedProperties':
        addFieldError(errors, joinPath(path, String(params.unevaluatedProperty)), 'is not allowed');
        break;
      case 'enum':
        addFieldError(
          errors,
          path || rootField,
          `must be one of ${listValues(params.allowedValues as unknown[])}`,
        );
        break;
      case 'const':
        addFieldError(errors, path || rootField, `must be ${JSON.stringify(params.allowedValue)}`);
        break;
      case 'if':
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        break;
      default:
        addFieldError(errors, path || rootField, error.message ?? 'is invalid');
    }
  }
  return errors;
}

/** `{ a: ['x', 'y'], b: ['z'] }` → `a x, y; b z`, for one-line messages. */
export function fieldErrorsText(errors: FieldErrors, limit = 5): string {
  const entries = Object.entries(errors);
  const shown = entries.slice(0, limit).map(([field, messages]) => `${field} ${messages.join(', ')}`);
  const more = entries.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

/**
 * Validates (and coerces, and fills defaults into) an object of path and query values. The type
 * parameter is where validation meets the types: ajv checks the very schemas the types of
 * @spartera/types are generated from.
 */
export function parameterValidator<Op extends OperationId>(
  operation: OperationSpec<Op>,
): ValidateFunction<Params<Op>> {
  return compiled(coercingValidators, parametersKey(operation.operationId)) as ValidateFunction<Params<Op>>;
}

/** Validates a parsed JSON body against the operation's request schema, or returns undefined without one. */
export function bodyValidator<Op extends OperationId>(
  operation: OperationSpec<Op>,
): ValidateFunction<Body<Op>> | undefined {
  if (!operation.bodySchemaRef) return undefined;
  return compiled(strictValidators, bodyKey(operation.operationId)) as ValidateFunction<Body<Op>>;
}

/** Validates a state document (state-schema.ts). */
export function stateValidator<T>(): ValidateFunction<T> {
  return compiled(strictValidators, STATE_KEY) as ValidateFunction<T>;
}

/**
 * Checks a response body against what the spec declares for that operation and status. Returns the
 * problems, empty when the body conforms. Tests use it on every response they see, so the mock cannot
 * drift from the document.
 */
export function checkResponse(operationId: OperationId, status: number, body: unknown): string[] {
  const operation = operationsById.get(operationId);
  if (!operation) return [`unknown operation ${operationId}`];
  const schema = responseSchema(document, operation, String(status));
  if (schema === 'undeclared') return [`${operationId} does not declare status ${status}`];
  if (schema === 'no JSON body') return [`${operationId} ${status} declares no JSON body`];
  const validate = compiled(strictValidators, responseKey(operationId, status));
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`,
  );
}

/** Validates a value against one of `components/schemas` (used to prove the factories' output valid). */
export function checkSchema(schemaName: string, value: unknown): string[] {
  resolvePointer(`#/components/schemas/${schemaName}`);
  const validate = compiled(strictValidators, schemaKey(schemaName));
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(value)'} ${error.message ?? 'is invalid'}`,
  );
}

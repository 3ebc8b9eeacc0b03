/**
 * Request validation (400): path and query parameters against the operation's parameter schemas
 * (decoded, coerced, defaulted), `sort_by` against the listed schema's fields, and the JSON body
 * against its request schema. Every problem is reported at once, keyed by field.
 */
import type { OperationId } from '@spartera/types';
import type { ValidRequest } from '../handlers/types.js';
import { HttpError } from '../errors.js';
import type { ParsedQuery } from '../request.js';
import type { FieldErrors, OperationSpec } from '../spec.js';
import {
  bodyValidator,
  emptyFieldErrors,
  parameterValidator,
  schemaPropertyNames,
  toFieldErrors,
} from '../spec.js';

/** `sort_by` takes a field of the listed schema; the spec leaves it a free string, the mock says which. */
const sortFields: Partial<Record<OperationId, ReadonlySet<string>>> = {
  listConnections: new Set(schemaPropertyNames('Connection')),
  listCloudProviders: new Set(schemaPropertyNames('CloudProvider')),
  listStorageEngines: new Set(schemaPropertyNames('StorageEngine')),
};

/** Adds errors for fields not already at fault, so the first, most specific message wins. */
function mergeErrors(into: FieldErrors, from: FieldErrors): void {
  for (const [field, messages] of Object.entries(from)) into[field] ??= messages;
}

export function validateRequest<Op extends OperationId>(
  operation: OperationSpec<Op>,
  rawParams: Readonly<Record<string, string>>,
  query: ParsedQuery,
  rawBody: string | undefined,
): ValidRequest<Op> {
  const errors = emptyFieldErrors();
  const params: Record<string, unknown> = {};
  for (const name in rawParams) {
    try {
      params[name] = decodeURIComponent(rawParams[name] ?? '');
    } catch {
      errors[name] = ['is not valid percent-encoding'];
    }
  }
  const { values, repeated } = query;
  for (const parameter of operation.parameters) {
    if (parameter.in === 'query' && Object.hasOwn(values, parameter.name))
      params[parameter.name] = values[parameter.name];
  }
  for (const name of repeated) {
    if (operation.parameters.some((parameter) => parameter.in === 'query' && parameter.name === name)) {
      errors[name] = ['must be given at most once'];
    }
  }
  const validateParams = parameterValidator(operation);
  const paramsValid = validateParams(params);
  if (!paramsValid) mergeErrors(errors, toFieldErrors(validateParams.errors ?? [], 'query'));
  const allowedSort = sortFields[operation.operationId];
  if (allowedSort && typeof params.sort_by === 'string' && !allowedSort.has(params.sort_by)) {
    errors.sort_by = [`must be one of ${[...allowedSort].join(', ')}`];
  }

  const validateBody = bodyValidator(operation);
  let body: unknown;
  if (validateBody) {
    if (rawBody === undefined || rawBody.trim() === '') {
      errors.body = ['is required'];
    } else {
      try {
        body = JSON.parse(rawBody) as unknown;
      } catch {
        errors.body = ['is not valid JSON'];
      }
      if (errors.body === undefined && !validateBody(body)) {
        mergeErrors(errors, toFieldErrors(validateBody.errors ?? [], 'body'));
      }
    }
  }
  if (!paramsValid || Object.keys(errors).length > 0) throw new HttpError(400, undefined, { errors });
  // Valid against the operation's schemas: the parameters are `Params<Op>` (the type guard above),
  // and the body is `Body<Op>`, which is `undefined` exactly for operations without a body schema.
  return { params, body: body as ValidRequest<Op>['body'] };
}

/**
 * Everything the mock knows about the API comes from the OpenAPI document: routes, parameters,
 * request and response schemas. Validators are compiled lazily, once per operation, so that
 * starting a server costs almost nothing and the first request of an operation pays its compile.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OperationId } from '@spartera/types';
import type { Body, Params } from './handlers/types.js';
import openApiDocument from '@spartera/types/openapi.json' with { type: 'json' };

type JsonObject = Record<string, unknown>;

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonObject;
}

interface OperationObject {
  operationId: OperationId;
  parameters?: JsonObject[];
  requestBody?: { content: Record<string, { schema: JsonObject }> };
  responses: Record<string, JsonObject>;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One operation of the spec, with what the router and the validators need. */
export interface OperationSpec<Op extends OperationId = OperationId> {
  operationId: Op;
  method: string;
  pathTemplate: string;
  parameters: ParameterObject[];
  bodySchemaRef: string | undefined;
  responses: Record<string, JsonObject>;
}

const DOCUMENT_ID = 'spartera-openapi';
const document = openApiDocument as unknown as JsonObject & { paths: Record<string, JsonObject> };

function resolvePointer(ref: string): JsonObject {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as JsonObject)[key];
    if (node === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return node as JsonObject;
}

function deref(node: JsonObject): JsonObject {
  const ref = node.$ref;
  return typeof ref === 'string' ? deref(resolvePointer(ref)) : node;
}

/** Points the document's local `$ref`s at the document registered in ajv, so a sub-schema compiles alone. */
function anchorRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchorRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? DOCUMENT_ID + value
        : anchorRefs(value);
  }
  return copy;
}

function readOperations(): OperationSpec[] {
  const operations: OperationSpec[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(document.paths)) {
    const shared = ((pathItem.parameters as JsonObject[] | undefined) ?? []).map(deref);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as OperationObject | undefined;
      if (!operation) continue;
      const own = (operation.parameters ?? []).map(deref);
      const body = operation.requestBody?.content['application/json']?.schema;
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        pathTemplate,
        parameters: [...shared, ...own] as unknown as ParameterObject[],
        bodySchemaRef: typeof body?.$ref === 'string' ? body.$ref : undefined,
        responses: operation.responses,
      });
    }
  }
  return operations;
}

export const operations: readonly OperationSpec[] = readOperations();

export const operationsById: ReadonlyMap<OperationId, OperationSpec> = new Map(
  operations.map((operation) => [operation.operationId, operation]),
);

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

let requestAjv: Ajv2020 | undefined;
let paramsAjv: Ajv2020 | undefined;

function createAjv(options: { coerceTypes: boolean; useDefaults: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateSchema: false,
    coerceTypes: options.coerceTypes,
    useDefaults: options.useDefaults,
  });
  addFormats.default(ajv, ['date-time', 'uri', 'int64', 'int32']);
  ajv.addSchema(document, DOCUMENT_ID);
  return ajv;
}

/** Bodies are JSON already: no coercion, so `"1"` for an integer stays an error. */
function bodyAjv(): Ajv2020 {
  requestAjv ??= createAjv({ coerceTypes: false, useDefaults: false });
  return requestAjv;
}

/** Path and query values arrive as strings: coerce them to the schema's type and fill in defaults. */
function parameterAjv(): Ajv2020 {
  paramsAjv ??= createAjv({ coerceTypes: true, useDefaults: true });
  return paramsAjv;
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

const parameterValidators = new Map<OperationId, ValidateFunction>();
const bodyValidators = new Map<OperationId, ValidateFunction>();

/**
 * Validates (and coerces, and fills defaults into) an object of path and query values. The type
 * parameter is where validation meets the types: ajv checks the very schemas the types of
 * @spartera/types are generated from.
 */
export function parameterValidator<Op extends OperationId>(
  operation: OperationSpec<Op>,
): ValidateFunction<Params<Op>> {
  let validate = parameterValidators.get(operation.operationId);
  if (!validate) {
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const parameter of operation.parameters) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      properties[parameter.name] = anchorRefs(parameter.schema);
      if (parameter.required) required.push(parameter.name);
    }
    validate = parameterAjv().compile({ type: 'object', properties, required });
    parameterValidators.set(operation.operationId, validate);
  }
  return validate as ValidateFunction<Params<Op>>;
}

/** Validates a parsed JSON body against the operation's request schema, or returns undefined without one. */
export function bodyValidator<Op extends OperationId>(
  operation: OperationSpec<Op>,
): ValidateFunction<Body<Op>> | undefined {
  if (!operation.bodySchemaRef) return undefined;
  let validate = bodyValidators.get(operation.operationId);
  if (!validate) {
    validate = bodyAjv().compile({ $ref: DOCUMENT_ID + operation.bodySchemaRef });
    bodyValidators.set(operation.operationId, validate);
  }
  return validate as ValidateFunction<Body<Op>>;
}

/** A `$ref` to one of the spec's `components/schemas`, for schemas compiled with `compileWithSpec`. */
export function specSchemaRef(schemaName: string): { $ref: string } {
  resolvePointer(`#/components/schemas/${schemaName}`);
  return { $ref: `${DOCUMENT_ID}#/components/schemas/${schemaName}` };
}

/** Compiles a schema of the mock's own (a state document, a fault) that may `$ref` the spec's schemas. */
export function compileWithSpec<T>(schema: JsonObject): ValidateFunction<T> {
  return bodyAjv().compile<T>(schema);
}

const responseValidators = new Map<string, ValidateFunction>();

/**
 * Checks a response body against what the spec declares for that operation and status. Returns the
 * problems, empty when the body conforms. Tests use it on every response they see, so the mock cannot
 * drift from the document.
 */
export function checkResponse(operationId: OperationId, status: number, body: unknown): string[] {
  const operation = operationsById.get(operationId);
  if (!operation) return [`unknown operation ${operationId}`];
  const key = `${operationId} ${status}`;
  let validate = responseValidators.get(key);
  if (!validate) {
    const declared = operation.responses[String(status)];
    if (!declared) return [`${operationId} does not declare status ${status}`];
    const schema = (deref(declared).content as Record<string, { schema: JsonObject }> | undefined)?.[
      'application/json'
    ]?.schema;
    if (!schema) return [`${operationId} ${status} declares no JSON body`];
    validate = bodyAjv().compile(anchorRefs(schema) as JsonObject);
    responseValidators.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`,
  );
}

/** Validates a value against one of `components/schemas` (used to prove the factories' output valid). */
export function checkSchema(schemaName: string, value: unknown): string[] {
  const key = `schema ${schemaName}`;
  let validate = responseValidators.get(key);
  if (!validate) {
    resolvePointer(`#/components/schemas/${schemaName}`);
    validate = bodyAjv().compile({ $ref: `${DOCUMENT_ID}#/components/schemas/${schemaName}` });
    responseValidators.set(key, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(value)'} ${error.message ?? 'is invalid'}`,
  );
}

/**
 * Which validators the mock uses, and the JSON Schema of each, derived from the OpenAPI document.
 * scripts/generate-validators.mjs compiles them ahead of time with ajv into src/generated/, so that
 * a mock starts and answers its first requests without loading ajv or compiling a schema (that
 * took hundreds of milliseconds of CPU). This module reads the document only: it must not import
 * the validators it describes.
 */
import type { OperationId } from '@spartera/types';
import { stateSchema } from './state-schema.js';

type JsonObject = Record<string, unknown>;

export interface ParameterObject {
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

export interface OpenApiDocument extends JsonObject {
  paths: Record<string, JsonObject>;
  components: { schemas: Record<string, JsonObject> } & JsonObject;
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

/** The id the document is registered under in ajv; the sub-schemas `$ref` into it. */
export const DOCUMENT_ID = 'spartera-openapi';

export function resolvePointer(document: JsonObject, ref: string): JsonObject {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as JsonObject)[key];
    if (node === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return node as JsonObject;
}

export function deref(document: JsonObject, node: JsonObject): JsonObject {
  const ref = node.$ref;
  return typeof ref === 'string' ? deref(document, resolvePointer(document, ref)) : node;
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

export function readOperations(document: OpenApiDocument): OperationSpec[] {
  const operations: OperationSpec[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(document.paths)) {
    const shared = ((pathItem.parameters as JsonObject[] | undefined) ?? []).map((node) =>
      deref(document, node),
    );
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as OperationObject | undefined;
      if (!operation) continue;
      const own = (operation.parameters ?? []).map((node) => deref(document, node));
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

/** The JSON body schema an operation declares for `status`, or why there is none. */
export function responseSchema(
  document: JsonObject,
  operation: OperationSpec,
  status: string,
): JsonObject | 'undeclared' | 'no JSON body' {
  const declared = operation.responses[status];
  if (!declared) return 'undeclared';
  const content = deref(document, declared).content as Record<string, { schema?: JsonObject }> | undefined;
  return content?.['application/json']?.schema ?? 'no JSON body';
}

// The names of the compiled validators: JavaScript identifiers, as they are the generated modules' exports.
export const parametersKey = (operationId: OperationId) => `parameters_${operationId}`;
export const bodyKey = (operationId: OperationId) => `body_${operationId}`;
export const responseKey = (operationId: OperationId, status: number | string) =>
  `response_${operationId}_${status}`;
export const schemaKey = (schemaName: string) => `schema_${schemaName}`;
export const STATE_KEY = 'state';

/** A `$ref` to one of the spec's `components/schemas`, as the document is registered in ajv. */
export function specSchemaRef(schemaName: string): { $ref: string } {
  return { $ref: `${DOCUMENT_ID}#/components/schemas/${schemaName}` };
}

export interface ValidatorSchemas {
  /**
   * Path and query values arrive as strings: these validators coerce them to the schema's type and
   * fill in defaults (ajv's `coerceTypes` and `useDefaults`).
   */
  coercing: Record<string, JsonObject>;
  /** JSON values (bodies, answers, state documents): no coercion, so `"1"` for an integer stays an error. */
  strict: Record<string, JsonObject>;
}

/** Every validator the mock uses, by name, with its schema. */
export function validatorSchemas(document: OpenApiDocument): ValidatorSchemas {
  const coercing: Record<string, JsonObject> = {};
  const strict: Record<string, JsonObject> = {};
  for (const operation of readOperations(document)) {
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const parameter of operation.parameters) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      properties[parameter.name] = anchorRefs(parameter.schema);
      if (parameter.required) required.push(parameter.name);
    }
    coercing[parametersKey(operation.operationId)] = { type: 'object', properties, required };
    if (operation.bodySchemaRef) {
      strict[bodyKey(operation.operationId)] = { $ref: DOCUMENT_ID + operation.bodySchemaRef };
    }
    for (const status of Object.keys(operation.responses)) {
      const schema = responseSchema(document, operation, status);
      if (typeof schema === 'object') {
        strict[responseKey(operation.operationId, status)] = anchorRefs(schema) as JsonObject;
      }
    }
  }
  for (const schemaName of Object.keys(document.components.schemas)) {
    strict[schemaKey(schemaName)] = specSchemaRef(schemaName);
  }
  strict[STATE_KEY] = stateSchema(specSchemaRef);
  return { coercing, strict };
}

/**
 * The JSON Schema of a state document (`GET /__spartera/state`, `--state FILE`). It lives apart from
 * state.ts so that the validator generator (scripts/generate-validators.mjs) can read it without
 * loading the validators it is about to generate.
 */
import { domains } from '../fixtures/warehouse.js';

/** Names the layout of the document, so that a future change of it is detected rather than misread. */
export const STATE_FORMAT = 'spartera-mock-state/1';

/** More connections than any test needs, and a bound on the work a hostile document can cause. */
export const MAX_STATE_CONNECTIONS = 200_000;

type JsonObject = Record<string, unknown>;

/** `specSchemaRef('Connection')` is a `$ref` to that schema of `components/schemas`. */
export function stateSchema(specSchemaRef: (name: string) => JsonObject): JsonObject {
  return {
    type: 'object',
    required: ['format', 'connections'],
    additionalProperties: false,
    properties: {
      format: { const: STATE_FORMAT },
      connections: {
        type: 'array',
        maxItems: MAX_STATE_CONNECTIONS,
        items: {
          type: 'object',
          required: ['connection'],
          additionalProperties: false,
          properties: {
            // The spec's Connection, with ids the API's paths can address and no unknown fields.
            connection: {
              allOf: [specSchemaRef('Connection')],
              properties: {
                connection_id: specSchemaRef('ResourceId'),
                company_id: specSchemaRef('ResourceId'),
              },
              unevaluatedProperties: false,
            },
            hasCredentials: { type: 'boolean' },
            domains: { type: 'array', items: { enum: Object.keys(domains) }, uniqueItems: true },
            reachable: { type: 'boolean' },
            origin: { enum: ['dataset', 'created'] },
          },
        },
      },
    },
  };
}

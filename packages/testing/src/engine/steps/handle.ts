/**
 * Handling: the operation's handler computes the `data`, the spec's description of the 200 becomes
 * the envelope's `message`, and the response is validated then serialized. Answers that depend only
 * on the parameters and the store are served from the cache until the next write, so the hot path of
 * a load test allocates almost nothing.
 */
import type { OperationId } from '@spartera/types';
import type { HandlerContext, ValidRequest } from '../handlers/index.js';
import { cacheableOperations, runHandler } from '../handlers/index.js';
import type { OperationSpec } from '../spec.js';
import { validateResponse } from './validate-response.js';

const successMessages = new WeakMap<OperationSpec, string>();

function successMessage(operation: OperationSpec): string {
  let message = successMessages.get(operation);
  if (message === undefined) {
    const description = operation.responses['200']?.description;
    message = typeof description === 'string' ? description : 'OK';
    successMessages.set(operation, message);
  }
  return message;
}

function render<Op extends OperationId>(
  operation: OperationSpec<Op>,
  request: ValidRequest<Op>,
  context: HandlerContext,
): string {
  const envelope = {
    message: successMessage(operation),
    data: runHandler(operation.operationId, request, context),
  };
  validateResponse(operation.operationId, envelope);
  return JSON.stringify(envelope);
}

/** The key of a valid request's answer in the cache, or undefined when it is not cacheable. */
export function cacheKeyOf<Op extends OperationId>(
  operation: OperationSpec<Op>,
  request: ValidRequest<Op>,
): string | undefined {
  return cacheableOperations.has(operation.operationId)
    ? `${operation.operationId}\u0000${JSON.stringify(request.params)}`
    : undefined;
}

/** A 200 body as JSON text, and as UTF-8 bytes when they were encoded once for the cache. */
export interface HandledBody {
  text: string;
  bytes: Uint8Array | undefined;
}

const encoder = new TextEncoder();

/** The 200 body of a valid request; `key` when the caller already has it. */
export function handle<Op extends OperationId>(
  operation: OperationSpec<Op>,
  request: ValidRequest<Op>,
  context: HandlerContext,
  key: string | undefined = cacheKeyOf(operation, request),
): HandledBody {
  if (key === undefined) return { text: render(operation, request, context), bytes: undefined };
  return context.cache.get(
    key,
    () => {
      const text = render(operation, request, context);
      return { text, bytes: encoder.encode(text) };
    },
    (body) => body.text.length + body.bytes.length,
  );
}

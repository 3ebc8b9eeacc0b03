/**
 * The first step: which operation of the spec a method and a path name. An unknown path is a 404
 * and a known path with another method a 405 with `Allow`, both in the API's error shape.
 */
import { itemAt } from '../../random.js';
import { HttpError } from '../errors.js';
import type { OperationSpec } from '../spec.js';
import { operations } from '../spec.js';

interface CompiledRoute {
  template: string;
  /** A literal segment, or `{ param }` for a path parameter. */
  segments: (string | { param: string })[];
  byMethod: Map<string, OperationSpec>;
}

export type RouteMatch =
  | { kind: 'operation'; operation: OperationSpec; rawParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

function compileRoutes(): CompiledRoute[] {
  const routes = new Map<string, CompiledRoute>();
  for (const operation of operations) {
    let route = routes.get(operation.pathTemplate);
    if (!route) {
      route = {
        template: operation.pathTemplate,
        segments: operation.pathTemplate
          .split('/')
          .slice(1)
          .map((segment) => (segment.startsWith('{') ? { param: segment.slice(1, -1) } : segment)),
        byMethod: new Map(),
      };
      routes.set(operation.pathTemplate, route);
    }
    route.byMethod.set(operation.method, operation);
  }
  return [...routes.values()];
}

const routes = compileRoutes();

/** Finds the operation for a method and a path (without query); path parameters stay percent-encoded. */
export function matchRoute(method: string, path: string): RouteMatch {
  const parts = path.split('/');
  if (parts[0] !== '') return { kind: 'not-found' };
  for (const route of routes) {
    if (route.segments.length !== parts.length - 1) continue;
    const rawParams: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < route.segments.length; i++) {
      const segment = itemAt(route.segments, i);
      const part = itemAt(parts, i + 1);
      if (typeof segment === 'string') {
        if (segment !== part) {
          matched = false;
          break;
        }
      } else if (part === '') {
        matched = false;
        break;
      } else {
        rawParams[segment.param] = part;
      }
    }
    if (!matched) continue;
    const operation = route.byMethod.get(method);
    if (operation) return { kind: 'operation', operation, rawParams };
    return { kind: 'method-not-allowed', allow: [...route.byMethod.keys()] };
  }
  return { kind: 'not-found' };
}

export interface RoutedRequest {
  operation: OperationSpec;
  /** Path parameters as sent, still percent-encoded. */
  rawParams: Record<string, string>;
}

/** The operation a request is for; throws the API's 404 or 405 otherwise. */
export function route(method: string, path: string): RoutedRequest {
  const match = matchRoute(method, path);
  if (match.kind === 'operation') return match;
  if (match.kind === 'not-found') throw new HttpError(404, `No route for ${method} ${path}`);
  const allow = match.allow.join(', ');
  throw new HttpError(405, `${method} is not allowed here; use ${allow}`, {}, { allow });
}

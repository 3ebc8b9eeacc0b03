/**
 * Authentication (401: no key, or a key the mock does not know) and company access (403: a key that
 * may not see the company of the path). A company id the spec refuses names no company at all, so
 * it is left to validation, which says what is wrong with it (400).
 */
import { HttpError } from '../errors.js';
import type { MockRequest } from '../request.js';
import { maskSecret } from '../request-log.js';
import { checkSchema } from '../spec.js';

/** API key → the company ids it may access. */
export class ApiKeys {
  private readonly companiesByKey: ReadonlyMap<string, ReadonlySet<string>>;
  /** The first company of the first key: the one load-test connections go to. */
  readonly firstCompany: string | undefined;

  constructor(apiKeys: Readonly<Record<string, readonly string[]>>) {
    const entries = Object.entries(apiKeys);
    if (entries.length === 0) throw new TypeError('apiKeys must name at least one API key');
    for (const [key, companies] of entries) {
      if (key.length === 0) throw new TypeError('apiKeys: an API key must not be empty');
      if (!Array.isArray(companies))
        throw new TypeError(`apiKeys[${maskSecret(key)}] must be an array of company ids`);
    }
    this.companiesByKey = new Map(entries.map(([key, companies]) => [key, new Set(companies)]));
    this.firstCompany = entries[0]?.[1][0];
  }

  /** The accepted keys, for the request log to recognise one wherever a client puts it. */
  get keys(): ReadonlySet<string> {
    return new Set(this.companiesByKey.keys());
  }

  companiesOf(apiKey: string): ReadonlySet<string> | undefined {
    return this.companiesByKey.get(apiKey);
  }
}

/** The companies the request's `x-api-key` may access; a 401 without a valid key. */
export function authenticate(keys: ApiKeys, request: MockRequest): ReadonlySet<string> {
  const apiKey = request.headers['x-api-key'];
  if (apiKey === undefined || apiKey === '') {
    throw new HttpError(401, 'Authentication required: send your API key in the x-api-key header');
  }
  const companies = keys.companiesOf(apiKey);
  if (!companies) throw new HttpError(401, 'Authentication required: the API key is not valid');
  return companies;
}

/**
 * The company a request's path names, decoded, when it is one the spec allows; undefined without a
 * company in the path or for a malformed one (which validation answers with a 400).
 */
export function pathCompany(rawParams: Readonly<Record<string, string>>): string | undefined {
  const raw = rawParams.company_id;
  if (raw === undefined) return undefined;
  let companyId: string;
  try {
    companyId = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return checkSchema('ResourceId', companyId).length === 0 ? companyId : undefined;
}

/** A 403 when the path names a well-formed company (see `pathCompany`) the key may not access. */
export function authorizeCompany(companies: ReadonlySet<string>, companyId: string | undefined): void {
  if (companyId !== undefined && !companies.has(companyId)) {
    throw new HttpError(403, 'Permission denied: this API key cannot access that company');
  }
}

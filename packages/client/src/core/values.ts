import { isRecord, SparteraError } from './errors.js';

/**
 * A value as an error message shows it: a string quoted and cut short, so that `"1"` and `1`
 * differ, numbers and booleans with their type, objects only by kind (they could hold secrets).
 */
export function describeValue(value: unknown): string {
  const type = typeof value;
  return value == null
    ? String(value)
    : type === 'string'
      ? `${JSON.stringify((value as string).slice(0, 40))} (a string)`
      : type === 'object' || type === 'function' || type === 'symbol'
        ? Array.isArray(value)
          ? 'an array'
          : `a${type === 'object' ? 'n' : ''} ${type}`
        : `${value as number} (a ${type})`;
}

/** A `SparteraError` saying what `name` must be and what it got. */
export function invalid(name: string, rule: string, value: unknown): SparteraError {
  return new SparteraError(`${name} must be ${rule}; got ${describeValue(value)}`);
}

/** Throws unless `value` is a plain object; a string in its place is not shown, as it could be a key. */
export function checkObject(name: string, value: unknown, rule = 'an object'): void {
  if (!isRecord(value))
    throw new SparteraError(
      `${name} must be ${rule}; got ${typeof value === 'string' ? 'a string' : describeValue(value)}`,
    );
}

/**
 * Throws unless `options` is an object (`name` says which in the message) whose every property
 * `names` lists, even one set to `undefined`: a misspelt setting (`baseURL`, `timeout`) would
 * otherwise be ignored without a word, and the calls would go elsewhere or wait longer than meant.
 * Suggests the setting that starts alike (`timeout`, `api_key`).
 */
export function checkNames(what: string, options: unknown, names: readonly string[], name = what): void {
  let given: string[] = [];
  try {
    if (isRecord(options)) given = Object.keys(options);
  } catch (error) {
    // A revoked Proxy, or one whose trap throws: what the options hold cannot be known.
    throw new SparteraError(`${what} could not be read`, { cause: error });
  }
  checkObject(name, options);
  for (const setting of given) {
    if (!names.includes(setting)) {
      // Compared without case, `_` or `-`: `baseURL`, `api_key` and `max-retries` find theirs.
      const start = setting.replace(/[_-]/g, '').slice(0, 4).toLowerCase();
      const alike = start && names.find((known) => known.toLowerCase().startsWith(start));
      throw new SparteraError(
        `${what} have no setting ${JSON.stringify(setting.slice(0, 40))}${alike ? `; did you mean ${alike}?` : ''} (the settings are ${names.join(', ')})`,
      );
    }
  }
}

/** Throws unless `value` is an id the API accepts in a path (which also rules out `.`, `..`, `/` and `%2e`). */
export function checkId(name: string, value: unknown): string {
  if (typeof value === 'string' && /^[\w-]{1,255}$/.test(value)) return value;
  throw invalid(name, "1 to 255 letters, digits, '_' or '-'", value);
}

/** Throws unless `value` is a whole number from `min` to `max`; `rule` replaces the range in the message. */
export function checkWhole(name: string, value: unknown, min: number, max = 2 ** 53 - 1, rule = ''): number {
  if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return value as number;
  throw invalid(name, `a whole number from ${min} to ${max}${rule}`, value);
}

/**
 * A timeout in ms, `0` meaning none. `0` and `Infinity` turn it off; above 2^31-1 ms timers fire
 * at once (with a warning) in every runtime, so larger values are refused.
 */
export function checkTimeout(name: string, value: unknown): number {
  return value === 0 || value === Infinity
    ? 0
    : checkWhole(name, value, 1, 2 ** 31 - 1, ' ms, or 0 or Infinity for none');
}

/**
 * The path of `template` (a path of the spec, such as `/companies/{company_id}/connections`) with
 * each `{name}` replaced by its checked parameter: the spec's integer ids (`provider_id`,
 * `engine_id`) a whole number, every other an id. `'.'`, `'..'`, `'/'` and `'%2e'` never reach the
 * URL, where they would address another path.
 */
export function buildPath(template: string, params: Record<string, unknown>, companyId?: string): string {
  let parts = templates.get(template);
  if (!parts) templates.set(template, (parts = template.split(/\{(\w+)\}/)));
  let path = parts[0] as string;
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] as string;
    // `companyId`, when given, fills `{company_id}`: no copy of `params` per call to add it.
    const value = companyId !== undefined && name === 'company_id' ? companyId : params[name];
    path += `${name === 'provider_id' || name === 'engine_id' ? checkWhole(name, value, 0) : checkId(name, value)}${parts[index + 1] as string}`;
  }
  return path;
}

/** Each path template split into its literal parts and parameter names, once. */
const templates = new Map<string, string[]>();

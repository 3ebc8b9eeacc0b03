import type { Connection, ConnectionInput, ConnectionUpdate, StorageEngine } from '@spartera/types';
import { credentialTypeValues } from '@spartera/types';
import openapiDocument from '@spartera/types/openapi.json' with { type: 'json' };
import type { Failure } from '../api/failure.js';
import { groupDigits, plural } from '../text.js';

/** The JSON-schema keywords the form enforces, read from the spec rather than retyped here. */
interface PropertySchema {
  type?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  $ref?: string;
}

interface ObjectSchema {
  required?: string[];
  properties: Record<string, PropertySchema>;
}

const schemas = openapiDocument.components.schemas as unknown as Record<string, ObjectSchema>;

function schemaNamed(name: string): ObjectSchema {
  const schema = schemas[name];
  if (!schema) throw new Error(`The OpenAPI document has no schema ${name}`);
  return schema;
}

const inputSchema = schemaNamed('ConnectionInput');
const updateSchema = schemaNamed('ConnectionUpdate');

/** Whether the answer to a create was lost on the way (it may have gone through). */
export function answerLost(form: FormState): boolean {
  const kind = form.failure?.kind;
  return form.mode === 'create' && (kind === 'network' || kind === 'timeout' || kind === 'server');
}

/** Whether an update may set the field to an empty string: no minimum length, no pattern refusing ''. */
function clearableByUpdate(key: string): boolean {
  const property = updateSchema.properties[key];
  if (!property || property.type !== 'string') return false;
  if (property.minLength !== undefined && property.minLength > 0) return false;
  return property.pattern === undefined || new RegExp(property.pattern).test('');
}

export type FieldKey =
  | 'name'
  | 'description'
  | 'engine_id'
  | 'credential_type'
  | 'credentials'
  | 'provider_domain'
  | 'visibility'
  | 'verified_usage_ability';

export type FieldKind = 'text' | 'secret' | 'engine' | 'choice' | 'boolean';

export interface FieldSpec {
  key: FieldKey;
  label: string;
  kind: FieldKind;
  /** Required when creating (updates are partial, nothing is required). */
  requiredOnCreate: boolean;
  minLength: number | undefined;
  maxLength: number | undefined;
  pattern: RegExp | undefined;
  choices: readonly string[];
  /**
   * Whether an edit can empty it: the update schema accepts '' (description does; name, a domain
   * and visibility do not, and nothing can unset the engine: the API takes no null).
   */
  clearable: boolean;
}

const LABELS: Record<FieldKey, string> = {
  name: 'Name',
  description: 'Description',
  engine_id: 'Engine',
  credential_type: 'Credential type',
  credentials: 'Credentials',
  provider_domain: 'Provider domain',
  visibility: 'Visibility',
  verified_usage_ability: 'Right to use',
};

const KINDS: Record<FieldKey, FieldKind> = {
  name: 'text',
  description: 'text',
  engine_id: 'engine',
  credential_type: 'choice',
  credentials: 'secret',
  provider_domain: 'text',
  visibility: 'text',
  verified_usage_ability: 'boolean',
};

/** The order the fields appear in; company_id is fixed by the configuration, never typed. */
const ORDER: readonly FieldKey[] = [
  'name',
  'description',
  'engine_id',
  'credential_type',
  'credentials',
  'provider_domain',
  'visibility',
  'verified_usage_ability',
];

export const FORM_FIELDS: readonly FieldSpec[] = ORDER.map((key) => {
  const property = inputSchema.properties[key];
  if (!property) throw new Error(`ConnectionInput in the OpenAPI document has no property ${key}`);
  return {
    key,
    label: LABELS[key],
    kind: KINDS[key],
    requiredOnCreate: (inputSchema.required ?? []).includes(key),
    minLength: property.minLength,
    maxLength: property.maxLength,
    pattern: property.pattern === undefined ? undefined : new RegExp(property.pattern),
    choices: key === 'credential_type' ? credentialTypeValues : [],
    clearable: clearableByUpdate(key),
  };
});

export type FormValues = {
  [K in FieldKey]: K extends 'engine_id'
    ? number | undefined
    : K extends 'verified_usage_ability'
      ? boolean
      : K extends 'credential_type'
        ? string
        : string;
};

export type FieldErrors = Partial<Record<string, readonly string[]>>;

export interface FormState {
  mode: 'create' | 'edit';
  /** The connection being edited. */
  original: Connection | undefined;
  values: FormValues;
  /** Index into FORM_FIELDS; FORM_FIELDS.length is the Save button. */
  focus: number;
  /** Where the cursor is in the focused text field. */
  cursor: number;
  errors: FieldErrors;
  /** A message that belongs to no field (nothing changed). */
  formError: string | undefined;
  /** Why the last save failed, when it did (explained under the form). */
  failure: Failure | undefined;
  /** The seq of the create or update request while it runs. */
  submitting: number | undefined;
  /** The seq of the look-up by name, after a create whose answer was lost. */
  lookingUp: number | undefined;
}

export function emptyValues(): FormValues {
  return {
    name: '',
    description: '',
    engine_id: undefined,
    credential_type: '',
    credentials: '',
    provider_domain: '',
    visibility: '',
    verified_usage_ability: false,
  };
}

export function valuesFrom(connection: Connection): FormValues {
  return {
    name: connection.name ?? '',
    description: connection.description ?? '',
    engine_id: connection.engine_id,
    credential_type: connection.credential_type ?? '',
    // Credentials are write-only: the API never returns them, an empty field keeps them unchanged.
    credentials: '',
    provider_domain: connection.provider_domain ?? '',
    visibility: connection.visibility ?? '',
    verified_usage_ability: connection.verified_usage_ability ?? false,
  };
}

export function newForm(mode: 'create' | 'edit', original?: Connection): FormState {
  return {
    mode,
    original,
    values: original ? valuesFrom(original) : emptyValues(),
    focus: 0,
    cursor: original?.name?.length ?? 0,
    errors: {},
    formError: undefined,
    failure: undefined,
    submitting: undefined,
    lookingUp: undefined,
  };
}

function checkText(field: FieldSpec, value: string): string[] {
  const problems: string[] = [];
  if (field.minLength !== undefined && value.length < field.minLength) {
    problems.push(`must be at least ${plural(field.minLength, 'character')}`);
  }
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    problems.push(
      `must be at most ${plural(field.maxLength, 'character')} (has ${groupDigits(value.length)})`,
    );
  }
  if (field.pattern && value !== '' && !field.pattern.test(value)) {
    problems.push(
      field.key === 'provider_domain' ? 'must be a domain such as api.weather.com' : 'has an invalid format',
    );
  }
  return problems;
}

export type Validation =
  | { ok: true; mode: 'create'; input: ConnectionInput; credentialsFile: string | undefined }
  | { ok: true; mode: 'edit'; patch: ConnectionUpdate; credentialsFile: string | undefined }
  | { ok: false; errors: FieldErrors; formError?: string };

/** Credentials typed as `@path` are read from that file when the form is sent (`~` is home). */
export function credentialsFileOf(value: string): string | undefined {
  return value.startsWith('@') ? value.slice(1).trim() : undefined;
}

/**
 * Checks the values against the spec's constraints and builds the request body: the whole input
 * on create, only the changed fields on edit. Empty optional text means "not given".
 */
export function validateForm(
  form: FormState,
  companyId: string,
  engines: readonly StorageEngine[],
): Validation {
  const errors: Record<string, string[]> = {};
  const body: Record<string, string | number | boolean> = {};
  const { values } = form;
  const creating = form.mode === 'create';
  const credentialsFile = credentialsFileOf(values.credentials);
  if (credentialsFile === '') errors.credentials = ['@ must be followed by the path of a file to read'];

  for (const field of FORM_FIELDS) {
    const problems: string[] = [];
    if (field.kind === 'engine') {
      const engineId = values.engine_id;
      if (engineId === undefined) {
        if (creating && field.requiredOnCreate) problems.push('is required: pick an engine with ← →');
      } else if (engines.length > 0 && !engines.some((engine) => engine.engine_id === engineId)) {
        problems.push(`engine ${engineId} is not one of the known engines`);
      } else if (!creating && engineId === form.original?.engine_id) {
        // Unchanged: not part of the patch.
      } else {
        body.engine_id = engineId;
      }
    } else if (field.kind === 'boolean') {
      const value = values.verified_usage_ability;
      if (creating ? value : value !== (form.original?.verified_usage_ability ?? false)) {
        body.verified_usage_ability = value;
      }
    } else if (field.key === 'credentials' && credentialsFile !== undefined) {
      // Read from the file when sent, and checked then.
    } else {
      const value = values[field.key] as string;
      const before = form.original ? (valuesFrom(form.original)[field.key] as string) : '';
      const changed = creating ? value !== '' : value !== before;
      if (value === '') {
        if (creating && field.requiredOnCreate) problems.push('is required');
        // Emptied on edit: sent as '' where the API accepts that, refused where it cannot.
        else if (!creating && changed && field.kind === 'text') {
          if (field.clearable) body[field.key] = '';
          else problems.push('the API cannot clear it: type a new value, or Esc to cancel');
        }
      } else if (changed) {
        problems.push(...checkText(field, value));
        body[field.key] = value;
      }
    }
    if (problems.length > 0) errors[field.key] = problems;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (creating) {
    return {
      ok: true,
      mode: 'create',
      input: { ...body, company_id: companyId } as ConnectionInput,
      credentialsFile,
    };
  }
  if (Object.keys(body).length === 0 && credentialsFile === undefined) {
    return { ok: false, errors: {}, formError: 'Nothing changed: edit a field, or press Esc to go back.' };
  }
  return { ok: true, mode: 'edit', patch: body, credentialsFile };
}

import type { Connection } from '@spartera/types';
import type { Failure } from '../api/failure.js';
import type { Command } from '../keys.js';
import type { Context, ViewHandler } from './handler.js';
import { addEffect, CONTROL, flash, refusePaste } from './handler.js';
import type { FieldErrors, FormState } from './form-fields.js';
import { answerLost, FORM_FIELDS, newForm, validateForm } from './form-fields.js';
import { editLine, insertText } from './line.js';
import { reloadList, retryEngines } from './list.js';
import { enginesByName } from './selectors.js';
import { pop, push, replaceTop, startLoad, startRequest, topView } from './stack.js';
import type { AppState, FormView, KeyPress } from './types.js';
import { openDetail } from './views.js';

function cycle<T>(choices: readonly T[], current: T | undefined, step: number): T | undefined {
  if (choices.length === 0) return current;
  const index = current === undefined ? -1 : choices.indexOf(current);
  if (index < 0) return step > 0 ? choices[0] : choices[choices.length - 1];
  return choices[(index + step + choices.length) % choices.length];
}

function submit(state: AppState, form: FormState, context: Context): AppState {
  if (form.submitting !== undefined) return state;
  const result = validateForm(form, context.companyId, state.engines.items);
  if (!result.ok) {
    const firstBad = FORM_FIELDS.findIndex((field) => result.errors[field.key] !== undefined);
    return replaceTop(state, {
      kind: 'form',
      form: {
        ...form,
        errors: result.errors,
        formError: result.formError,
        failure: undefined,
        focus: firstBad >= 0 ? firstBad : form.focus,
      },
    });
  }
  const id = form.original?.connection_id ?? '';
  const file = result.credentialsFile === undefined ? {} : { credentialsFile: result.credentialsFile };
  const [next, seq] =
    result.mode === 'edit'
      ? startRequest(state, { kind: 'update', id, patch: result.patch, ...file })
      : startRequest(state, { kind: 'create', input: result.input, ...file });
  return replaceTop(next, {
    kind: 'form',
    form: { ...form, errors: {}, formError: undefined, failure: undefined, submitting: seq },
  });
}

function formKey(
  state: AppState,
  view: FormView,
  command: Command | undefined,
  press: KeyPress,
  context: Context,
): AppState {
  const { form } = view;
  const field = FORM_FIELDS[form.focus];
  const update = (changes: Partial<FormState>) =>
    replaceTop(state, { kind: 'form', form: { ...form, ...changes } });
  if (form.submitting !== undefined || form.lookingUp !== undefined) return state;
  // A text field is a line editor: typed text, ←/→, Home/End, Ctrl+A/E/U/K/W, Delete.
  if (field && (field.kind === 'text' || field.kind === 'secret')) {
    const current = form.values[field.key] as string;
    const edited = editLine({ text: current, cursor: form.cursor }, command, press);
    if (edited) {
      const errors: FieldErrors = { ...form.errors, [field.key]: undefined };
      return update({ values: { ...form.values, [field.key]: edited.text }, cursor: edited.cursor, errors });
    }
  }
  const fieldCount = FORM_FIELDS.length + 1;
  const focusOn = (focus: number) => {
    const next = FORM_FIELDS[focus];
    const text =
      next && (next.kind === 'text' || next.kind === 'secret') ? (form.values[next.key] as string) : '';
    return update({ focus, cursor: text.length });
  };
  switch (command) {
    case 'back':
      // Typed work is not thrown away on one key: a form with changes asks first.
      return isDirty(form) ? push(state, { kind: 'discard' }) : pop(state);
    case 'next-field':
      return focusOn((form.focus + 1) % fieldCount);
    case 'previous-field':
      return focusOn((form.focus - 1 + fieldCount) % fieldCount);
    case 'open':
      return form.focus === FORM_FIELDS.length ? submit(state, form, context) : focusOn(form.focus + 1);
    case 'edit-external':
      if (field?.kind !== 'secret') {
        return flash(state, 'info', 'Ctrl+O edits the credentials in $EDITOR: move to Credentials first.');
      }
      return addEffect(state, { kind: 'edit-text', text: form.values.credentials });
    case 'submit':
      return submit(state, form, context);
    case 'lookup': {
      // Only after a create whose answer was lost; the name is what identifies it.
      if (!answerLost(form) || form.values.name === '') return state;
      const [next, seq] = startRequest(state, { kind: 'find-by-name', name: form.values.name });
      return replaceTop(next, { kind: 'form', form: { ...form, lookingUp: seq, formError: undefined } });
    }
    case 'toggle':
      if (field?.kind !== 'boolean') return state;
      return update({
        values: { ...form.values, verified_usage_ability: !form.values.verified_usage_ability },
      });
    case 'left':
    case 'right': {
      const step = command === 'left' ? -1 : 1;
      if (field?.kind === 'engine') {
        // No list to pick from: the listing failed; ask again, and say so.
        if (state.engines.items.length === 0 && state.engines.loading === undefined) {
          return flash(retryEngines(state), 'info', 'The engine list could not be loaded: asking again…');
        }
        const ids = enginesByName(state).map((engine) => engine.engine_id);
        return update({
          values: { ...form.values, engine_id: cycle(ids, form.values.engine_id, step) },
          errors: { ...form.errors, engine_id: undefined },
        });
      }
      if (field?.kind === 'choice') {
        return update({
          values: {
            ...form.values,
            credential_type: cycle(field.choices, form.values.credential_type, step) ?? '',
          },
          errors: { ...form.errors, credential_type: undefined },
        });
      }
      if (field?.kind === 'boolean') {
        return update({
          values: { ...form.values, verified_usage_ability: !form.values.verified_usage_ability },
        });
      }
      return state;
    }
    default:
      return state;
  }
}

/**
 * Text goes into the focused text field. Credentials keep a pasted JSON's line breaks; a one-line
 * field refuses them rather than letting the rest of the paste spill into the fields below.
 */
/** Whether anything was typed or picked: values differ from what the form opened with. */
export function isDirty(form: FormState): boolean {
  const start = newForm(form.mode, form.original).values;
  return FORM_FIELDS.some((field) => form.values[field.key] !== start[field.key]);
}

/** What $EDITOR left in the file becomes the credentials (a final line break dropped). */
export function credentialsEdited(
  state: AppState,
  text: string | undefined,
  reason: string | undefined,
): AppState {
  const view = topView(state);
  if (view.kind !== 'form') return state;
  if (text === undefined)
    return flash(state, 'error', `The credentials were not changed: ${reason ?? 'the editor failed'}.`);
  const credentials = text.replace(/\r?\n$/, '');
  return replaceTop(state, {
    kind: 'form',
    form: {
      ...view.form,
      values: { ...view.form.values, credentials },
      cursor: credentials.length,
      errors: { ...view.form.errors, credentials: undefined },
    },
  });
}

function formPaste(state: AppState, view: FormView, pasted: string): AppState {
  const { form } = view;
  const field = FORM_FIELDS[form.focus];
  if (form.submitting !== undefined || !field || (field.kind !== 'text' && field.kind !== 'secret')) {
    return flash(state, 'error', 'Nothing pasted: move to a text field first.');
  }
  let text = pasted;
  if (field.kind === 'secret') text = pasted.replace(/\r\n?/g, '\n');
  else if (CONTROL.test(pasted)) return refusePaste(state, field.label);
  const line = insertText({ text: form.values[field.key] as string, cursor: form.cursor }, text);
  return replaceTop(state, {
    kind: 'form',
    form: {
      ...form,
      values: { ...form.values, [field.key]: line.text },
      cursor: line.cursor,
      errors: { ...form.errors, [field.key]: undefined },
    },
  });
}

export const formHandler: ViewHandler<'form'> = {
  scopes: () => ['form'],
  // ← → on the engine picker before the engine list is in wait for it.
  awaits: (state, view, command) =>
    (command === 'left' || command === 'right') &&
    FORM_FIELDS[view.form.focus]?.kind === 'engine' &&
    state.engines.items.length === 0
      ? state.engines.loading
      : undefined,
  key: formKey,
  paste: formPaste,
};

/** The save went through: the form closes, the detail below and the list reload. */
export function saved(state: AppState, seq: number, connectionId: string): AppState {
  const view = topView(state);
  if (view.kind !== 'form' || view.form.submitting !== seq) return state;
  const verb = view.form.mode === 'create' ? 'Created' : 'Saved';
  let next = pop(state);
  const below = topView(next);
  if (below.kind === 'detail') {
    const [reloaded, load] = startLoad<Connection>(next, { kind: 'connection', id: below.id });
    next = replaceTop(reloaded, { ...below, load });
  }
  next = reloadList(next, view.form.mode === 'edit');
  return flash(next, 'info', `${verb} connection ${connectionId}.`);
}

/**
 * After a create whose answer was lost: the connections named like the form's. One there means the
 * create went through: the form closes on it. None means it did not: Ctrl+S creates it.
 */
export function lookedUp(state: AppState, seq: number, found: Connection[]): AppState {
  const view = topView(state);
  if (view.kind !== 'form' || view.form.lookingUp !== seq) return state;
  const name = view.form.values.name;
  const matches = found
    .filter((connection) => connection.name === name)
    .sort((a, b) => (b.date_created ?? '').localeCompare(a.date_created ?? ''));
  const match = matches[0];
  if (!match) {
    return replaceTop(state, {
      kind: 'form',
      form: {
        ...view.form,
        lookingUp: undefined,
        failure: undefined,
        formError: `No connection is named “${name}”: the create did not go through. Ctrl+S creates it.`,
      },
    });
  }
  const next = reloadList(pop(state), false);
  return flash(
    openDetail(next, match),
    'info',
    `“${name}” exists (${match.connection_id}): the create went through.`,
  );
}

export function lookUpFailed(state: AppState, seq: number, failure: Failure): AppState {
  const view = topView(state);
  if (view.kind !== 'form' || view.form.lookingUp !== seq) return state;
  return replaceTop(state, {
    kind: 'form',
    form: {
      ...view.form,
      lookingUp: undefined,
      formError: `Could not look it up: ${failure.message}. Ctrl+F tries again.`,
    },
  });
}

/** The save failed: the server's field errors go beside their fields, anything else under the form. */
export function saveFailed(state: AppState, seq: number, failure: Failure): AppState {
  const view = topView(state);
  if (view.kind !== 'form' || view.form.submitting !== seq) return state;
  let errors: FieldErrors = failure.kind === 'invalid' ? { ...failure.fieldErrors } : {};
  let focus = view.form.focus;
  // A conflict is a duplicate name: said beside Name, where it is fixed.
  if (failure.kind === 'conflict') {
    errors = { name: [`already used by another connection (409): ${failure.message}`] };
    focus = FORM_FIELDS.findIndex((field) => field.key === 'name');
  }
  return replaceTop(state, {
    kind: 'form',
    form: { ...view.form, submitting: undefined, errors, failure, focus },
  });
}

import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { Spinner } from '../components/Spinner.js';
import type { FieldSpec, FormState } from '../state/form-fields.js';
import { answerLost, credentialsFileOf, FORM_FIELDS } from '../state/form-fields.js';
import { LineText } from '../components/LineText.js';
import { fit, plural, shortName, wrapLines } from '../text.js';
import { layout } from '../state/layout.js';
import type { AppState } from '../state/types.js';
import { engineName, enginesByName } from '../state/selectors.js';
import { explainFailure, shortFailure } from '../api/failure.js';
import { useSession } from '../session.js';
import { useTheme } from '../theme.js';

/** The width of a field's label on screen. */
const LABEL_WIDTH = 18;
/** The width of a field's value on screen. */
const VALUE_WIDTH = 38;

/** What a field shows when it has no cursor; a secret never shows a character of itself. */
function fieldText(field: FieldSpec, form: FormState, state: AppState): string {
  const { values } = form;
  switch (field.kind) {
    case 'secret': {
      const file = credentialsFileOf(values.credentials);
      if (file !== undefined) return values.credentials;
      const length = Array.from(values.credentials).length;
      if (length > 0)
        return `${'•'.repeat(Math.min(length, VALUE_WIDTH - 1))}${length > VALUE_WIDTH - 1 ? '…' : ''}`;
      return form.mode === 'edit' ? '(unchanged; type to replace)' : '';
    }
    case 'engine':
      if (values.engine_id !== undefined) return `◀ ${engineName(state, values.engine_id)} ▶`;
      if (state.engines.items.length > 0) return '← pick an engine →';
      return state.engines.loading === undefined
        ? 'engine list unavailable (→ asks again)'
        : 'loading the engines…';
    case 'choice':
      return values.credential_type === '' ? '← pick a type →' : `◀ ${values.credential_type} ▶`;
    case 'boolean':
      return values.verified_usage_ability
        ? '[x] I have the right to use this data'
        : '[ ] I have the right to use this data';
    case 'text':
      return values[field.key] as string;
  }
}

/** Where the current choice sits in its list, so a picker reads as a list: "3 of 12, ← →". */
function position(choices: readonly (string | number)[], current: string | number | undefined): string {
  const index = current === undefined ? -1 : choices.indexOf(current);
  return `${index >= 0 ? `${index + 1} of ${choices.length}` : `${choices.length} choices`}, ← →`;
}

function hint(field: FieldSpec, form: FormState, state: AppState, focused: boolean): string {
  const { mode } = form;
  const parts: string[] = [];
  if (mode === 'create' && field.requiredOnCreate) parts.push('required');
  if (focused && field.kind === 'engine') {
    const ids = enginesByName(state).map((engine) => engine.engine_id);
    parts.push(position(ids, form.values.engine_id));
  }
  if (focused && field.kind === 'choice') parts.push(position(field.choices, form.values.credential_type));
  if (field.maxLength !== undefined && (field.kind === 'text' || field.kind === 'secret'))
    parts.push(`max ${field.maxLength}`);
  if (field.kind === 'secret') {
    const file = credentialsFileOf(form.values.credentials);
    const text = form.values.credentials;
    if (file !== undefined) parts.unshift('read from that file on save');
    else if (text !== '') {
      const lines = text.split('\n').length;
      parts.unshift(
        `masked (${plural(Array.from(text).length, 'character')}${lines > 1 ? `, ${plural(lines, 'line')}` : ''})`,
      );
    } else parts.unshift('masked');
    if (focused) parts.push('Ctrl+O $EDITOR, @path a file');
  }
  // What an edit cannot do, said before it is tried.
  if (mode === 'edit' && field.kind === 'text' && !field.clearable) parts.push('cannot be cleared');
  if (mode === 'edit' && field.kind === 'engine') parts.push('cannot be unset');
  if (field.kind === 'choice' && focused) parts.push('NONE for none');
  return parts.join(', ');
}

/**
 * Why the save failed, in the form's terms: never "press r" (r would be typed into a field). After
 * a create whose answer was lost, it says the connection may exist and how to find out.
 */
function failureText(form: FormState, configPath: string | undefined): string {
  const { failure } = form;
  if (!failure) return '';
  // Without a status it never reached the server (a credentials file that cannot be read): the
  // field says why.
  if (failure.kind === 'invalid')
    return failure.status ? `The server rejected the connection: ${failure.message}` : '';
  // A duplicate name is shown beside Name.
  if (failure.kind === 'conflict') return '';
  if (answerLost(form)) {
    return (
      `The answer to the create was lost (${shortFailure(failure)}): the connection may exist now. ` +
      `Ctrl+F looks for “${form.values.name}” by name; Ctrl+S creates it again.`
    );
  }
  return explainFailure(
    failure,
    form.mode === 'create' ? 'creating the connection' : 'saving the connection',
    {
      configPath,
      retryKey: 'Ctrl+S',
    },
  );
}

/** The create and edit form: fields from the spec, errors beside the field they belong to. */
export function FormView({
  state,
  form,
  companyId,
}: {
  state: AppState;
  form: FormState;
  companyId: string;
}) {
  const theme = useTheme();
  const { configPath } = useSession();
  const known = new Set<string>(FORM_FIELDS.map((field) => field.key));
  const otherErrors = Object.entries(form.errors).filter(
    ([key, messages]) => !known.has(key) && messages && messages.length > 0,
  );
  const saveFocused = form.focus === FORM_FIELDS.length;
  // Everything fits the body, whatever the server says: an error beside its field takes at most
  // two lines of its column, and the messages under the form share the rows left (cut with …).
  // Longer, they pushed the fields down and were drawn over them and over each other.
  const errorWidth = Math.max(1, state.size.columns - 2 - LABEL_WIDTH - VALUE_WIDTH - 1);
  const fieldErrors = FORM_FIELDS.map((field) => {
    const errors = form.errors[field.key];
    return errors && errors.length > 0 ? wrapLines(`✗ ${errors.join('; ')}`, errorWidth, 2) : undefined;
  });
  const used =
    1 +
    FORM_FIELDS.length +
    fieldErrors.reduce((extra, lines) => extra + Math.max(0, (lines?.length ?? 1) - 1), 0) +
    2 +
    (form.lookingUp !== undefined ? 1 : 0);
  let room = layout(state.size).bodyHeight - used;
  const messageWidth = Math.max(1, state.size.columns - 2);
  const messages: { key: string; lines: string[] }[] = [];
  const failure = form.failure ? failureText(form, configPath) : '';
  for (const [key, text] of [
    ...otherErrors.map(([field, list]): [string, string] => [
      field,
      `✗ ${field}: ${(list ?? []).join('; ')}`,
    ]),
    ['form-error', form.formError ?? ''] as [string, string],
    ['failure', failure] as [string, string],
  ]) {
    if (text === '' || room <= 0) continue;
    const lines = wrapLines(text, messageWidth, room);
    room -= lines.length;
    messages.push({ key, lines });
  }
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>
        {form.mode === 'create'
          ? 'New connection'
          : `Edit ${shortName(form.original?.name ?? form.original?.connection_id ?? '')}`}
        <Text color={theme.muted}> · company {form.original?.company_id ?? companyId}</Text>
      </Text>
      {FORM_FIELDS.map((field, index) => {
        const focused = index === form.focus;
        const errors = fieldErrors[index];
        const text = fieldText(field, form, state);
        const typing = focused && (field.kind === 'text' || field.kind === 'secret');
        return (
          <Box key={field.key}>
            <Box width={LABEL_WIDTH} flexShrink={0}>
              <Text color={focused ? theme.accent : undefined} bold={focused}>
                {focused ? '› ' : '  '}
                {field.label}
              </Text>
            </Box>
            <Box width={VALUE_WIDTH} flexShrink={0}>
              {typing ? (
                <LineText
                  text={form.values[field.key] as string}
                  cursor={form.cursor}
                  width={VALUE_WIDTH}
                  mask={field.kind === 'secret' && credentialsFileOf(form.values.credentials) === undefined}
                />
              ) : (
                <Text inverse={focused}>{fit(text, VALUE_WIDTH)}</Text>
              )}
            </Box>
            <Box flexGrow={1} flexShrink={1} paddingLeft={1}>
              {errors ? (
                <Box flexDirection="column">
                  {errors.map((line, row) => (
                    <Text key={row} color={theme.bad}>
                      {line}
                    </Text>
                  ))}
                </Box>
              ) : (
                // A hint never pushes the fields below it down: one line, cut if need be.
                <Text color={theme.muted} wrap="truncate-end">
                  {hint(field, form, state, focused)}
                </Text>
              )}
            </Box>
          </Box>
        );
      })}
      <Box marginTop={1}>
        {form.submitting !== undefined ? (
          <Spinner label={form.mode === 'create' ? 'Creating…' : 'Saving…'} />
        ) : (
          <Text inverse={saveFocused} bold>
            {' [ Save ] '}
          </Text>
        )}
        <Text color={theme.muted}> Ctrl+S saves · Esc cancels</Text>
      </Box>
      {messages.map(({ key, lines }) =>
        lines.map((line, row) => (
          <Text key={`${key}-${String(row)}`} color={theme.bad}>
            {line}
          </Text>
        )),
      )}
      {form.lookingUp !== undefined ? (
        <Spinner label={`Looking for a connection named “${shortName(form.values.name)}”…`} />
      ) : null}
    </Box>
  );
}

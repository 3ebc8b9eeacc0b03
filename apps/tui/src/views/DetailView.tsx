import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { Connection, ConnectionTestResult } from '@spartera/types';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { exactDate, humanDate } from '../format.js';
import type { AppState, View } from '../state/types.js';
import { engineName } from '../state/selectors.js';
import { useTheme } from '../theme.js';

type DetailViewState = Extract<View, { kind: 'detail' }>;

function Field({ label, value, muted }: { label: string; value: string; muted?: boolean }) {
  const theme = useTheme();
  return (
    <Box>
      <Box width={22} flexShrink={0}>
        <Text color={theme.muted}>{label}</Text>
      </Box>
      <Text wrap="truncate-end" color={muted ? theme.muted : undefined}>
        {value}
      </Text>
    </Box>
  );
}

/**
 * What is known of the credentials, which the API never returns: none are needed (type NONE), none
 * are stored (the last test said so, as `t` shows), or they are write-only and untested here.
 */
export function credentialsText(connection: Connection, lastTest: ConnectionTestResult | undefined): string {
  if (connection.credential_type === 'NONE') return 'none needed (credential type NONE)';
  if (lastTest && !lastTest.success && /no credentials/i.test(lastTest.message)) {
    return 'no credentials stored (the last test said so); e adds them';
  }
  if (lastTest?.success) return 'stored, write-only (never shown); the last test used them';
  return 'write-only, never shown; t tests whether they are stored and work';
}

function dateValue(iso: string | undefined, now: Date): string {
  return iso ? `${humanDate(iso, now)}  (${exactDate(iso)})` : '—';
}

/** Every field of one connection; the credentials are write-only and never shown. */
export function DetailView({ state, view, now }: { state: AppState; view: DetailViewState; now: Date }) {
  const { load } = view;
  if (load.status === 'loading') {
    return (
      <Box paddingX={1}>
        <Spinner label={`Loading ${view.title}…`} />
      </Box>
    );
  }
  if (load.status === 'error') {
    return <FailurePanel failure={load.failure} subject={`loading ${view.title}`} retryAt={load.retryAt} />;
  }
  const connection: Connection = load.data;
  const engine = engineName(state, connection.engine_id);
  return (
    <Box flexDirection="column" paddingX={1}>
      <Field label="Name" value={connection.name ?? '—'} />
      <Field label="Connection id" value={connection.connection_id} />
      <Field label="Description" value={connection.description ?? '—'} />
      <Field label="Engine" value={`${engine} (id ${connection.engine_id})`} />
      <Field label="Credential type" value={connection.credential_type ?? '—'} />
      <Field
        label="Credentials"
        value={credentialsText(connection, state.tests[connection.connection_id])}
        muted
      />
      <Field label="Provider domain" value={connection.provider_domain ?? '—'} />
      <Field
        label="Verified usage"
        value={
          connection.verified_usage_ability === undefined
            ? '—'
            : connection.verified_usage_ability
              ? 'yes'
              : 'no'
        }
      />
      <Field label="Visibility" value={connection.visibility ?? '—'} />
      <Field label="Company" value={connection.company_id} />
      <Field label="Created by" value={connection.user_id ?? '—'} />
      <Field label="Created" value={dateValue(connection.date_created, now)} />
      <Field label="Last updated" value={dateValue(connection.last_updated, now)} />
    </Box>
  );
}

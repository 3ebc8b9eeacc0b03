import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { Connection } from '@spartera/types';
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
    return <FailurePanel failure={load.failure} subject={`loading ${view.title}`} />;
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
      <Field label="Credentials" value="stored, write-only (never shown)" muted />
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

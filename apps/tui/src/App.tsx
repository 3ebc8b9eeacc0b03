import { Box, useApp, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useReducer } from 'react';
import type { Connection } from '@spartera/types';
import { shortFailure } from './api/failure.js';
import type { DataSource } from './api/source.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { LineText } from './components/LineText.js';
import { Text } from './components/Text.js';
import type { Host } from './host.js';
import { INERT_HOST } from './host.js';
import { useEffects } from './hooks/useEffects.js';
import { useInputEvents } from './hooks/useInputEvents.js';
import { secondsUntil, useNow } from './hooks/useNow.js';
import { useRequests } from './hooks/useRequests.js';
import { readSize, useTerminalResize } from './hooks/useTerminalSize.js';
import { footerHints } from './keys.js';
import { SessionProvider } from './session.js';
import type { Context } from './state/handler.js';
import type { TerminalSize } from './state/layout.js';
import { isTooSmall, layout, MIN_COLUMNS, MIN_ROWS } from './state/layout.js';
import { sortLabel } from './state/list.js';
import { connectionTitle } from './state/selectors.js';
import { activeScopes, createReducer, initialState } from './state/reducer.js';
import { topView } from './state/stack.js';
import type { AppState, View } from './state/types.js';
import { displayWidth, fit, fitEnd, groupDigits, plural } from './text.js';
import type { Theme } from './theme.js';
import { ThemeProvider, themeFor, useTheme } from './theme.js';
import { ConnectionsView } from './views/ConnectionsView.js';
import { CopyMenu, DiscardConfirmation } from './views/Dialogs.js';
import { DeleteView } from './views/DeleteView.js';
import { DetailView } from './views/DetailView.js';
import { FormView } from './views/FormView.js';
import { HelpView } from './views/HelpView.js';
import { SampleView } from './views/SampleView.js';
import { SchemaView } from './views/SchemaView.js';
import { TestView } from './views/TestView.js';

export interface AppProps {
  source: DataSource;
  /** Pins the terminal size (tests, screenshots); otherwise it follows the real terminal. */
  size?: TerminalSize;
  theme?: Theme;
  /** The clock for "3 days ago"; fixed in tests. */
  now?: () => Date;
  /** Called once per key press, before it is handled (for the latency trace). */
  onKey?: () => void;
  /** Called while a tree that shows connections renders, before Ink draws it (for the startup trace; it may be called again). */
  onFirstData?: () => void;
  /** The first page of `firstPageQuery()`, if it is already here: the first frame then shows it. */
  firstPage?: Connection[];
  /** The config file this run read, named by the 401 hint. */
  configPath?: string;
  /** Where `o` opens a connection: the web console's base URL, or why there is none. */
  console?: Context['console'];
  /** Clipboard, browser, suspend and $EDITOR; tests leave it out. */
  host?: Host;
}

const VIEW_TITLES: Record<View['kind'], string> = {
  connections: 'Connections',
  detail: 'Detail',
  test: 'Test',
  schema: 'Information schema',
  sample: 'Sample data',
  form: 'Form',
  delete: 'Delete',
  help: 'Help',
  copy: 'Copy',
  discard: 'Discard changes?',
};

/**
 * Views that never draw more rows than the body has. Clipping makes Ink slice every line of
 * every frame, the largest cost of a frame, so the views scrolled fastest are not clipped.
 */
const SELF_SIZED: ReadonlySet<View['kind']> = new Set(['connections', 'detail', 'schema', 'sample', 'help']);

/**
 * A view's part of the header. Views about one connection name it, unless the view below already
 * does (Connections › Acme › Test, never Acme › Acme › Test).
 */
function crumb(view: View, below: View | undefined): string {
  const named = (title: string, what: string) =>
    below && 'title' in below && below.title === title ? what : `${title} › ${what}`;
  switch (view.kind) {
    case 'detail':
      return view.title;
    case 'test':
      return named(view.title, 'Test');
    case 'schema':
      return named(view.title, 'Information schema');
    case 'sample':
      return `${view.schemaName}.${view.tableName}`;
    case 'delete':
      return named(view.title, 'Delete');
    case 'form': {
      const { original } = view.form;
      if (view.form.mode === 'create' || !original) return 'New connection';
      return named(connectionTitle(original), 'Edit');
    }
    default:
      return VIEW_TITLES[view.kind];
  }
}

function Header({ state, source }: { state: AppState; source: DataSource }) {
  const theme = useTheme();
  const trail = state.stack.map((view, index) => crumb(view, state.stack[index - 1])).join(' › ');
  const right = fit(`${source.companyId} · ${source.label}`, Math.floor(state.size.columns / 2)).trimEnd();
  const brand = ' Spartera ';
  // The trail keeps its end (where you are) when it has to be cut.
  const room = Math.max(0, state.size.columns - brand.length - displayWidth(right) - 2);
  return (
    <Text wrap="truncate">
      <Text bold color={theme.accent}>
        {brand}
      </Text>
      <Text>{fitEnd(trail, room)}</Text>
      <Text color={theme.muted}> {right} </Text>
    </Text>
  );
}

/** How a failure that is retried by itself (or not) reads at the end of a status line. */
function retryNote(retryAt: number | undefined, now: number): string {
  if (retryAt === undefined) return 'r retries';
  const seconds = secondsUntil(retryAt, now);
  return seconds > 0 ? `retrying in ${seconds} s, r now` : 'retrying…';
}

function listStatus(state: AppState, now: number): string {
  const { list } = state;
  const more = list.exhausted ? '' : '+';
  const parts: string[] = [];
  const count = list.items.length;
  if (count > 0) {
    parts.push(`row ${groupDigits(list.cursor + 1)} of ${groupDigits(count)}${more}`);
  } else parts.push(plural(0, 'connection'));
  if (list.failure && count > 0) {
    // Page 1 again with rows on screen is a refresh; a later page is "more".
    const what = list.failure.page === 1 ? 'refresh failed' : 'could not load more';
    parts.push(`${what}: ${shortFailure(list.failure.failure)} (${retryNote(list.failure.retryAt, now)})`);
  } else if (list.toEnd) {
    parts.push(`going to the last row: ${plural(count, 'row')} loaded… (Esc stops)`);
  } else if (list.loading && count > 0) {
    parts.push(list.loading.page === 1 ? 'refreshing…' : 'loading more…');
  }
  parts.push(`sort: ${sortLabel(list.sortBy, list.sortOrder)}`);
  if (list.search) parts.push(`filter: “${list.search}”`);
  const { engines } = state;
  if (engines.failure) {
    const note = engines.loading === undefined ? 'r retries' : 'retrying';
    parts.push(`engine names unavailable: ${shortFailure(engines.failure)} (${note})`);
  }
  return parts.join(' · ');
}

/** Whether the status line counts down to a retry, so it must be redrawn every second. */
function statusCountsDown(state: AppState): boolean {
  return state.list.failure?.retryAt !== undefined && topView(state).kind === 'connections';
}

/** What the status line says about the view in front. */
function viewStatus(state: AppState, view: View, now: number): string {
  switch (view.kind) {
    case 'connections':
      return listStatus(state, now);
    case 'detail':
    case 'test':
    case 'delete':
    case 'copy':
      return `connection ${view.id}`;
    case 'schema': {
      if (view.load.status !== 'ready') return `connection ${view.id}`;
      const tables = view.load.data.schemas.reduce((sum, schema) => sum + schema.tables.length, 0);
      return `connection ${view.id} · ${plural(view.load.data.schemas.length, 'schema')}, ${plural(tables, 'table')}`;
    }
    case 'sample':
      return `connection ${view.id} · sample of ${view.schemaName}.${view.tableName}${
        view.find && !view.find.typing ? ` · search “${view.find.query}”: n next, N previous` : ''
      }`;
    case 'form':
      return view.form.mode === 'create'
        ? 'new connection: fill the required fields, then Ctrl+S'
        : `editing connection ${view.form.original?.connection_id ?? ''}: only changed fields are sent`;
    case 'discard':
      return 'the changes typed in the form are lost if you discard them';
    case 'help':
      return view.find && !view.find.typing
        ? `search “${view.find.query}”: n next, N previous`
        : 'every key, from the table the app dispatches with · / searches';
  }
}

/** The text box of the status line while a filter or a search is typed. */
function typedLine(
  state: AppState,
  view: View,
): { prompt: string; text: string; cursor: number; hint: string } | undefined {
  if (view.kind === 'connections' && state.list.filtering) {
    return {
      prompt: ' / ',
      text: state.list.filterText,
      cursor: state.list.filterCursor,
      hint: ' (server-side search as you type)',
    };
  }
  if (view.kind === 'schema' && view.filtering) {
    return { prompt: ' / ', text: view.filter, cursor: view.filterCursor, hint: '' };
  }
  if ((view.kind === 'help' || view.kind === 'sample') && view.find?.typing) {
    return {
      prompt: ' search: ',
      text: view.find.query,
      cursor: view.find.cursor,
      hint: ' (Enter finds, n/N then walk)',
    };
  }
  return undefined;
}

function StatusLine({ state }: { state: AppState }) {
  const theme = useTheme();
  const view = topView(state);
  const now = useNow(statusCountsDown(state), 1000);
  const typed = typedLine(state, view);
  if (typed) {
    // A refusal (a paste with line breaks) shows in place of the hint, until the next key.
    const note = state.flash ? ` ${state.flash.text}` : typed.hint;
    const width = Math.max(10, state.size.columns - displayWidth(typed.prompt) - displayWidth(note) - 1);
    return (
      <Text wrap="truncate">
        <Text color={theme.accent} bold>
          {typed.prompt}
        </Text>
        <LineText text={typed.text} cursor={typed.cursor} width={width} />
        <Text color={state.flash?.tone === 'error' ? theme.bad : theme.muted}>{note}</Text>
      </Text>
    );
  }
  if (state.flash) {
    return (
      <Text color={state.flash.tone === 'error' ? theme.bad : theme.good} wrap="truncate">
        {' '}
        {state.flash.text}
      </Text>
    );
  }
  return (
    <Text color={theme.muted} wrap="truncate">
      {' '}
      {viewStatus(state, view, now)}
    </Text>
  );
}

/** The keys that matter most here, as many as fit the width: never a hint cut in half. */
function Footer({ state }: { state: AppState }) {
  const theme = useTheme();
  const scope = activeScopes(state)[0] ?? 'connections';
  const hints = footerHints(scope, state.size.columns - 1);
  return (
    <Text wrap="truncate">
      {hints.map((hint) => (
        <Text key={`${hint.key}${hint.label}`}>
          {' '}
          <Text bold color={theme.accent}>
            {hint.key}
          </Text>{' '}
          <Text color={theme.muted}>{hint.label}</Text>
        </Text>
      ))}
    </Text>
  );
}

function Body({ state, source, now }: { state: AppState; source: DataSource; now: Date }) {
  const view = topView(state);
  switch (view.kind) {
    case 'connections':
      return <ConnectionsView state={state} now={now} />;
    case 'detail':
      return <DetailView state={state} view={view} now={now} />;
    case 'test':
      return <TestView view={view} size={state.size} />;
    case 'schema':
      return <SchemaView state={state} view={view} />;
    case 'sample':
      return <SampleView state={state} view={view} />;
    case 'form':
      return <FormView state={state} form={view.form} companyId={source.companyId} />;
    case 'delete':
      return <DeleteView view={view} size={state.size} />;
    case 'help':
      return <HelpView state={state} view={view} />;
    case 'copy':
      return <CopyMenu view={view} size={state.size} />;
    case 'discard':
      return <DiscardConfirmation state={state} />;
  }
}

function TooSmall({ size }: { size: TerminalSize }) {
  return (
    <Box flexDirection="column">
      <Text bold>
        Spartera needs at least {MIN_COLUMNS}x{MIN_ROWS}.
      </Text>
      <Text>
        This terminal is {size.columns}x{size.rows}. Make it larger, or press q to quit.
      </Text>
    </Box>
  );
}

const NO_CONSOLE: Context['console'] = { missing: 'no web console is known for this API.' };

function Screen({
  source,
  size: fixedSize,
  now = () => new Date(),
  onKey,
  onFirstData,
  firstPage,
  console: consoleTarget = NO_CONSOLE,
  host = INERT_HOST,
}: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const reducer = useMemo(
    () => createReducer({ companyId: source.companyId, console: consoleTarget }),
    [source.companyId, consoleTarget],
  );
  const [state, dispatch] = useReducer(reducer, undefined, () =>
    initialState(fixedSize ?? readSize(stdout), firstPage),
  );
  const onResize = useCallback((size: TerminalSize) => {
    dispatch({ type: 'resize', size });
  }, []);
  useTerminalResize(onResize, fixedSize);

  useInputEvents((event) => {
    if (event.type === 'key') {
      onKey?.();
      dispatch({ type: 'key', name: event.name, text: event.text });
    } else if (event.type === 'paste') {
      dispatch({ type: 'paste', text: event.text });
    } else {
      dispatch({ type: 'mouse', action: event.action, x: event.x, y: event.y });
    }
  });

  useRequests(state, dispatch, source);
  useEffects(state.effects, dispatch, host);

  useEffect(() => {
    if (state.quitting) exit();
  }, [state.quitting, exit]);

  // Reported while rendering a tree that holds connections (the listener keeps the first), so the
  // next frame Ink draws is the first to show them. An effect would run only after Ink has drawn
  // that frame, and a reader of the trace could not tell it from a later one.
  if (state.list.items.length > 0) onFirstData?.();

  if (isTooSmall(state.size)) return <TooSmall size={state.size} />;
  const { frameHeight, bodyHeight } = layout(state.size);
  return (
    <Box flexDirection="column" width={state.size.columns} height={frameHeight}>
      <Header state={state} source={source} />
      <Box
        flexDirection="column"
        height={bodyHeight}
        overflow={SELF_SIZED.has(topView(state).kind) ? 'visible' : 'hidden'}
      >
        <ErrorBoundary>
          <Body state={state} source={source} now={now()} />
        </ErrorBoundary>
      </Box>
      <StatusLine state={state} />
      <Footer state={state} />
    </Box>
  );
}

/** The whole application: give it a data source; it owns the screen until the user quits. */
export function App(props: AppProps) {
  const theme = props.theme ?? themeFor(process.env);
  const session = useMemo(() => ({ configPath: props.configPath }), [props.configPath]);
  return (
    <ThemeProvider theme={theme}>
      <SessionProvider session={session}>
        <Screen {...props} />
      </SessionProvider>
    </ThemeProvider>
  );
}

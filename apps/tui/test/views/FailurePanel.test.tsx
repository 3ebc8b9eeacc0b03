import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { toFailure } from '../../src/api/failure.js';
import { Failure } from '../../src/api/failure.js';
import { FailurePanel } from '../../src/components/FailurePanel.js';
import { renderWithProviders } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

function shown(error: Failure): string {
  const { lastFrame } = renderWithProviders(
    <FailurePanel
      failure={toFailure(error)}
      subject="testing Acme warehouse"
      size={{ columns: 100, rows: 30 }}
    />,
  );
  return lastFrame().replace(/\s+/g, ' ');
}

describe('FailurePanel', () => {
  it('says what was not allowed on a 403', () => {
    const text = shown(new Failure('forbidden', 'This key may not test connections', { status: 403 }));
    expect(text).toContain('Error 403');
    expect(text).toContain(
      'Not allowed: testing Acme warehouse was refused (403). This key may not test connections',
    );
  });

  it('says how long to wait on a 429', () => {
    const text = shown(new Failure('rate-limit', 'Rate limit exceeded', { status: 429, retryAfter: 30 }));
    expect(text).toContain('the API asks to wait 30 s');
    expect(text).toContain('Press r to retry.');
  });

  it('offers a retry after a timeout', () => {
    const text = shown(new Failure('timeout', 'Request timed out after 30000 ms'));
    expect(text).toContain('did not answer in time while testing Acme warehouse. Press r to retry.');
  });

  it('shows an unexpected error’s message rather than nothing', () => {
    const text = shown(new Failure('unknown', 'Unexpected token < in JSON'));
    expect(text).toContain('Something went wrong while testing Acme warehouse: Unexpected token < in JSON');
    expect(text).toContain('Press r to retry.');
  });

  it('cuts a message longer than the screen, and keeps the retry line whole below it', () => {
    const message = `Error ${'漢字 '.repeat(1000)}`;
    const size = { columns: 80, rows: 24 };
    const { lastFrame } = renderWithProviders(
      <FailurePanel
        failure={toFailure(new Failure('server', message, { status: 500 }))}
        subject="testing Acme warehouse"
        size={size}
      />,
    );
    const lines = lastFrame().split('\n');
    // The body of an 80x24 terminal: 24 rows less the header, the status and key lines and the last row.
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toContain('Error 500');
    expect(lines.at(-2)).toMatch(/…$/);
    expect(lines.at(-1)).toBe(' Press r to retry.');
  });
});

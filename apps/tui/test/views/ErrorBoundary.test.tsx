import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ErrorBoundary } from '../../src/components/ErrorBoundary.js';
import { renderWithProviders } from '../helpers/render.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Broken(): never {
  throw new Error('cannot read name of undefined');
}

describe('ErrorBoundary', () => {
  it('shows what failed and how to leave instead of crashing', () => {
    // React reports the caught error on the console; keep the test output clean.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { lastFrame } = renderWithProviders(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    expect(lastFrame()).toContain('The screen failed to draw: cannot read name of undefined');
    expect(lastFrame()).toContain('Press Ctrl+C to quit');
  });
});

// Many calls under one AbortSignal add one listener to it, not one each.
import { describe, expect, it } from 'vitest';
import { createObservedClient, ok } from '../helpers/observed.js';

describe('one AbortSignal shared by many calls', () => {
  it('thirty concurrent calls print no MaxListenersExceededWarning, and the abort stops them all', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { client, server, requests } = await createObservedClient();
      const controller = new AbortController();
      server.setHandler(() => ({ ...ok([]), delayMs: 30 }));
      const done = await Promise.all(
        Array.from({ length: 30 }, () => client.connections.list({}, { signal: controller.signal })),
      );
      expect(done).toHaveLength(30);
      server.setHandler(() => ({ hang: true }));
      const pending = Array.from({ length: 30 }, (_, i) =>
        client.connections.get(`conn_${i}`, { signal: controller.signal }).catch((error: unknown) => error),
      );
      while (requests.length < 60) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      const errors = await Promise.all(pending);
      expect(errors.every((error) => (error as Error).name === 'AbortError')).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

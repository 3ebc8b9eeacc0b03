// A success body that never ends and a gzip bomb: the client reads at most 128 MiB (counted after
// decompression), then throws a malformed-response error instead of running out of memory. Reading
// 128 MiB takes seconds alone and minutes on a loaded 2-core machine, so these run in the end-to-end
// suite (`pnpm test:e2e`, which CI runs), not in the quick test command.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { APIError, Spartera, SparteraError } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { endlessFetch, recordingLogger, rejectionOf, TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

/** Reading 128 MiB (twice, for the gzip bomb) takes seconds alone and minutes on a loaded 2-core machine. */
const HEAVY_READ_HANG_DETECTOR_MS = 600_000;

describe('a body larger than the client reads', () => {
  it(
    'a success body without end is a malformed response past 128 MiB, not retried',
    async () => {
      const { fetch, pulls } = endlessFetch(200, '{"message":"ok","data":[', ' ', 'application/json');
      const { lines, logger } = recordingLogger();
      const client = new Spartera({ apiKey: TEST_KEY, companyId: TEST_COMPANY, fetch, timeoutMs: 0, logger });
      const error = (await rejectionOf(client.connections.list())) as APIError;
      expect(error).toBeInstanceOf(APIError);
      expect(error.message).toMatch(
        /^200 malformed response, the body is over 128 MiB, expected an array of objects: \{"message":"ok","data":\[ \(GET /,
      );
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(pulls.count).toBeLessThan(128 * 16 + 50);
      expect(lines).toEqual([
        `[spartera] GET /companies/${TEST_COMPANY}/connections: 200 malformed response, the body is over 128 MiB, expected an array of objects`,
      ]);
    },
    HEAVY_READ_HANG_DETECTOR_MS,
  );

  it(
    'a compressed body is limited by its decompressed size (a gzip bomb)',
    async () => {
      const bomb = gzipSync(Buffer.alloc(130 * 2 ** 20, ' '), { level: 1 });
      const server = createServer((req, res) => {
        req.resume();
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': bomb.length,
        });
        res.end(bomb);
      });
      // The client reads the compressed bytes only as fast as it inflates them, which on a loaded
      // machine takes longer than node:http's 5 s keep-alive timeout: that would close the socket
      // under the unread rest of the answer.
      server.keepAliveTimeout = 0;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      onTestFinished(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
          }),
      );
      server.unref();
      const client = new Spartera({
        apiKey: TEST_KEY,
        companyId: TEST_COMPANY,
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        logLevel: 'off',
        // Inflating 128 MiB takes 3 s alone and over a minute on a loaded machine: no timer may win.
        timeoutMs: 0,
      });
      const error = (await rejectionOf(client.connections.get('conn_1'))) as APIError;
      expect(error.message).toMatch(/^200 malformed response, the body is over 128 MiB/);
      expect(error).toBeInstanceOf(APIError);
      // The raw client says so too, rather than openapi-fetch's bare SyntaxError.
      const raw = createRawClient(client);
      await expect(
        raw.GET('/companies/{company_id}/connections', { params: { path: { company_id: TEST_COMPANY } } }),
      ).rejects.toThrow(
        new SparteraError(
          `The response to GET /companies/${TEST_COMPANY}/connections is over 128 MiB: not read`,
        ),
      );
    },
    HEAVY_READ_HANG_DETECTOR_MS,
  );
});

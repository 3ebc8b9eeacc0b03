/** The request mix of a browsing client against spartera-mock, sent by keep-alive workers. */
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';

export interface MixedRequest {
  url: string;
  expected: number;
}

/** Pages of the list, a sorted page, a search, and a miss (a 404 is an expected answer, not an error). */
export function browsingMix(mockUrl: string): MixedRequest[] {
  const base = `${mockUrl}/companies/${DEMO_COMPANY_ID}/connections`;
  return [
    { url: `${base}?limit=20`, expected: 200 },
    { url: `${base}?page=7&limit=50&sort_by=name&sort_order=asc`, expected: 200 },
    { url: `${base}?search=warehouse&limit=100`, expected: 200 },
    { url: `${base}/missing_connection`, expected: 404 },
  ];
}

export interface LoadResult {
  sent: number;
  /** Each answer that was not the expected status, or a request that failed. */
  unexpected: string[];
  /** Milliseconds per request. */
  latencies: number[];
}

/**
 * Sends the mix with `concurrency` workers until `count` requests were sent, or until `until()`
 * says to stop (for a run bounded in time).
 */
export async function sendMix(
  requests: MixedRequest[],
  options: {
    concurrency: number;
    count?: number;
    until?: () => boolean;
    /** Where to count, so that the caller can read the progress of a running load. */
    into?: LoadResult;
  },
): Promise<LoadResult> {
  const headers = { 'x-api-key': DEMO_API_KEY, accept: 'application/json' };
  const result: LoadResult = options.into ?? { sent: 0, unexpected: [], latencies: [] };
  const more = () =>
    (options.count === undefined || result.sent < options.count) && !(options.until?.() ?? false);
  const worker = async () => {
    while (more()) {
      const request = requests[result.sent % requests.length]!;
      result.sent += 1;
      const sent = performance.now();
      try {
        const response = await fetch(request.url, { headers });
        await response.arrayBuffer();
        if (response.status !== request.expected)
          result.unexpected.push(`${request.url} → ${response.status}`);
      } catch (error) {
        result.unexpected.push(`${request.url} → ${String(error)}`);
      }
      result.latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}

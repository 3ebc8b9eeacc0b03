/**
 * What every runtime proves with the packed client, whatever loaded it (ESM, CommonJS, a bundle in a
 * browser or a worker): construct a client, list connections, catch a typed 404, and walk iterate()
 * across pages, breaking early. It throws on the first broken promise and returns what it saw, for
 * the suite to compare with the mock's own data.
 *
 * @param {typeof import('@spartera/client')} client the client module, as the runtime loaded it
 * @param {{ apiKey?: string, companyId?: string, baseUrl?: string, fetch?: typeof fetch }} [options] left out: the environment
 */
export async function runScenario(client, options = {}) {
  const { Spartera, NotFoundError, SparteraError } = client;
  const check = (condition, message) => {
    if (!condition) throw new Error(`ecosystem scenario: ${message}`);
  };

  const spartera = new Spartera(options);
  const listed = await spartera.connections.list({ limit: 5 });
  check(Array.isArray(listed) && listed.length === 5, `list({ limit: 5 }) gave ${JSON.stringify(listed)}`);

  let caught;
  try {
    await spartera.connections.get('conn_missing_0');
  } catch (error) {
    caught = error;
  }
  check(
    caught instanceof NotFoundError,
    `get() of a missing id threw ${String(caught)}, not a NotFoundError`,
  );
  check(caught instanceof SparteraError, 'the NotFoundError is not instanceof SparteraError');
  check(caught.status === 404, `the NotFoundError has status ${caught.status}`);

  // A fetch that counts requests: breaking out of the loop must stop them.
  let requests = 0;
  const counting = new Spartera({
    ...options,
    fetch: (input, init) => {
      requests += 1;
      return (options.fetch ?? globalThis.fetch)(input, init);
    },
  });
  const walked = [];
  for await (const connection of counting.connections.iterate({ limit: 3 })) {
    walked.push(connection.connection_id);
    if (walked.length === 7) break;
  }
  check(walked.length === 7, `iterate() gave ${walked.length} connections before the break`);
  check(requests === 3, `iterate({ limit: 3 }) made ${requests} requests for 7 connections, not 3`);

  return {
    listed: listed.map((connection) => connection.connection_id),
    notFound: { name: caught.name, status: caught.status, message: caught.message },
    walked,
    requests,
  };
}

/** The one line a consumer prints for the suite to read. */
export function report(result, extra = {}) {
  console.log(`ECOSYSTEM_RESULT ${JSON.stringify({ ...extra, ...result })}`);
}

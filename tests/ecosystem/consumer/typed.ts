// A strict TypeScript consumer: type-checked against the packed declarations (nodenext and bundler
// resolution), then run. Every value it uses is typed by the packages, not by `any`.
import { NotFoundError, Spartera, SparteraError } from '@spartera/client';
import type { Connection } from '@spartera/types';

const spartera = new Spartera(); // SPARTERA_API_KEY, SPARTERA_COMPANY_ID, SPARTERA_API_BASE_URL
const listed: Connection[] = await spartera.connections.list({ limit: 5 });

let notFound: { name: string; status: number; message: string; isSparteraError: boolean } | undefined;
try {
  await spartera.connections.get('conn_missing_0');
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  const status: number = error.status;
  notFound = {
    name: error.name,
    status,
    message: error.message,
    isSparteraError: error instanceof SparteraError,
  };
}
if (notFound === undefined) throw new Error('get() of a missing id did not throw');

let requests = 0;
const counting = new Spartera({
  fetch: (input, init) => {
    requests += 1;
    return globalThis.fetch(input, init);
  },
});
const walked: string[] = [];
for await (const connection of counting.connections.iterate({ limit: 3 })) {
  walked.push(connection.connection_id);
  if (walked.length === 7) break;
}

const result = { listed: listed.map((connection) => connection.connection_id), notFound, walked, requests };
console.log(`ECOSYSTEM_RESULT ${JSON.stringify(result)}`);

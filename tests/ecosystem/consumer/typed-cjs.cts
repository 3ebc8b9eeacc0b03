// A strict TypeScript consumer compiled to CommonJS (a .cts file under nodenext): it type-checks
// against the declarations of the `require` condition and runs on the CommonJS build.
import { NotFoundError, Spartera } from '@spartera/client';
import type { Connection } from '@spartera/types';

async function main(): Promise<void> {
  const spartera = new Spartera();
  const listed: Connection[] = await spartera.connections.list({ limit: 5 });
  let status: number | undefined;
  try {
    await spartera.connections.get('conn_missing_0');
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    status = error.status;
  }
  const walked: string[] = [];
  for await (const connection of spartera.connections.iterate({ limit: 3 })) {
    walked.push(connection.connection_id);
    if (walked.length === 7) break;
  }
  console.log(
    `ECOSYSTEM_RESULT ${JSON.stringify({ listed: listed.map((c) => c.connection_id), notFound: { status }, walked })}`,
  );
}

// A rejection is left unhandled on purpose: Node then exits with code 1 and prints it.
void main();

/**
 * A proxy between the CLI and a mock that rewrites the mock's successful JSON answers: the hostile
 * or broken server a user can meet (fields of the wrong type, huge strings), which a spec-valid mock
 * never sends by itself.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RewritingProxy {
  url: string;
  close(): Promise<void>;
}

/** `rewrite` gets the parsed body of each 2xx JSON answer to a GET and the path; returns the new body. */
export async function startRewritingProxy(
  target: string,
  rewrite: (body: Record<string, unknown>, path: string) => unknown,
): Promise<RewritingProxy> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const forwarded = request(
        new URL(incoming.url ?? '/', upstream),
        { method: incoming.method, headers: { ...incoming.headers, host: upstream.host } },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            let text = Buffer.concat(body).toString('utf8');
            const status = answer.statusCode ?? 502;
            if (incoming.method === 'GET' && status < 300)
              text = JSON.stringify(
                rewrite(
                  JSON.parse(text) as Record<string, unknown>,
                  new URL(incoming.url ?? '/', upstream).pathname,
                ),
              );
            const headers = { ...answer.headers };
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            outgoing.writeHead(status, headers);
            outgoing.end(text);
          });
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      forwarded.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

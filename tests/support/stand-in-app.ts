/**
 * A stand-in for a TwiML App's Voice URL on loopback: each form-encoded POST is answered with the
 * TwiML `answer` returns for its path and parameters.
 */
import { createServer, type Server } from 'node:http';

export interface StandInApp {
  /** `http://localhost:PORT`, to which paths are appended. */
  base: string;
  close(): void;
}

export async function startStandInApp(answer: (path: string, params: Record<string, string>) => string): Promise<StandInApp> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      response.writeHead(200, { 'Content-Type': 'text/xml' });
      response.end(answer((request.url ?? '/').split('?')[0], params));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    base: `http://localhost:${(server.address() as { port: number }).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

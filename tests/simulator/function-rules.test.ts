/**
 * The simulator's front server holds the Functions to what Twilio's gateway does to deployed ones
 * (docs/twilio-runtime.md): only GET, POST and OPTIONS reach a Function, a GET with a body is refused, an
 * invocation is cut at the time limit. The page and its assets are not Functions and are untouched.
 */
import { request as httpRequest, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { startSimulator, type Simulator } from '../../simulator';
import { createFrontServer } from '../../simulator/pages/front-server';
import { tokenFor } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
}, 60_000);
afterAll(() => sim?.stop());

/** A raw request (fetch cannot send a GET with a body). */
function raw(base: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}${path}`, { method, headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

test("methods other than GET, POST and OPTIONS never reach a Function (405); the rest do (OPTIONS: twilio-run's 204)", async () => {
  const auth = { Authorization: `Bearer ${tokenFor(sim, 'alice')}` };
  const seen: Record<string, number> = {};
  for (const [method, path] of [
    ['DELETE', '/voicemail-delete'],
    ['PUT', '/calls'],
    ['PATCH', '/token'],
    ['HEAD', '/voicemail'],
    ['GET', '/voicemail'],
    ['OPTIONS', '/calls'],
    ['POST', '/voicemail-delete'],
  ] as const) {
    seen[`${method} ${path}`] = (await raw(sim.url, method, path, undefined, auth)).status;
  }
  expect(seen).toEqual({
    'DELETE /voicemail-delete': 405,
    'PUT /calls': 405,
    'PATCH /token': 405,
    'HEAD /voicemail': 405,
    'GET /voicemail': 200,
    'OPTIONS /calls': 204,
    'POST /voicemail-delete': 404,
  });
});

test('a GET with a body is refused (403); the page and the REST API are not Functions', async () => {
  expect((await raw(sim.url, 'GET', '/calls', 'id=x')).status).toBe(403);
  expect((await raw(sim.url, 'GET', '/calls', undefined)).status).toBe(401);
  expect((await raw(sim.url, 'HEAD', '/')).status).toBe(200);
});

test('a Function that does not answer in time is cut off with 504', async () => {
  const silent = createTcpServer(() => undefined).listen(0, '127.0.0.1');
  await new Promise((resolve) => silent.once('listening', resolve));
  const front: Server = createFrontServer({
    runtimePort: (silent.address() as { port: number }).port,
    pages: {} as never,
    signaling: {} as never,
    rest: { servesFrontPath: () => false } as never,
    functions: new Set(['/calls']),
    functionTimeoutMs: 300,
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  // The runtime behind never answers: any answer at all is the front's cut.
  const answer = await raw(`http://127.0.0.1:${(front.address() as { port: number }).port}`, 'GET', '/calls');
  expect([answer.status, JSON.parse(answer.body).error]).toEqual([504, 'runtime application timed out']);
  front.close();
  silent.close();
});

/**
 * A body over the REST API's limit (64 KB) gets Twilio's 413 error, and the keep-alive connection
 * it came on still serves the client's next request (the regression behind an ECONNRESET in the
 * robustness suite: the rest of the body was left unread, so the next request on that socket
 * waited behind it until the server's keep-alive timeout reset the connection).
 */
import { Agent, request as httpRequest } from 'node:http';
import { startSimulator, type Simulator } from '../../simulator';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
}, 60_000);
afterAll(() => sim?.stop());

interface Answer {
  status: number;
  body: string;
  /** True when the request went over a connection an earlier request had used. */
  reusedSocket: boolean;
}

/** One request through `agent`, so that consecutive requests share its keep-alive connection. */
function send(agent: Agent, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) };
    const request = httpRequest(`${sim.url}${path}`, { agent, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), reusedSocket: request.reusedSocket }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

test('an oversized body: 413 with a Twilio error body, and the same connection answers the next request', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const calls = `/2010-04-01/Accounts/${sim.env.ACCOUNT_SID}/Calls.json`;
    const oversized = await send(agent, 'POST', calls, `Twiml=${'x'.repeat(200 * 1024)}`);
    const next = await send(agent, 'GET', calls);
    expect(oversized.status).toBe(413);
    expect(JSON.parse(oversized.body)).toMatchObject({ status: 413, code: 20001 });
    expect(next).toMatchObject({ status: 401, reusedSocket: true });
  } finally {
    agent.destroy();
  }
}, 30_000);

/**
 * How our Functions reach the simulator's REST API: twilio-run gets HTTP_PROXY in its env file and
 * NODE_EXTRA_CA_CERTS in its process env; the interception proxy answers only CONNECTs to Twilio's
 * API hosts (api, sync and serverless, with their regions and edges) and forwards nothing anywhere. Also: the OpenAPI validator rejects a wrong body.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator';
import { startRuntime, type LocalRuntime } from '../../build/local-runtime';
import { expectTwilioShape } from '../support/openapi';
import { TwilioClientProcess, type Step } from '../support/twilio-client';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
}, 60_000);

afterAll(() => sim?.stop());

/** Sends `head` raw to the proxy and returns its status line. */
function proxyStatus(head: string): Promise<string> {
  const { port } = new URL(sim.restProxy.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      if (text.includes('\r\n')) {
        resolve(text.split('\r\n')[0]);
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

describe('the interception proxy', () => {
  test.each([
    ['another host', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'],
    ['a look-alike host', 'CONNECT api.twilio.com.evil.test:443 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ["Twilio's API host on another port", 'CONNECT api.twilio.com:80 HTTP/1.1\r\nHost: api.twilio.com:80\r\n\r\n'],
    ['another twilio.com host', 'CONNECT voice-js.roaming.twilio.com:443 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a plain-HTTP proxy request', 'GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n'],
    ['a plain-HTTP request to the API host', 'GET http://api.twilio.com/2010-04-01/Accounts.json HTTP/1.1\r\nHost: api.twilio.com\r\n\r\n'],
  ])('refuses %s with 403', async (_name, head) => {
    expect(await proxyStatus(head)).toBe('HTTP/1.1 403 Forbidden');
  });

  test('tunnels to api.twilio.com:443', async () => {
    expect(await proxyStatus('CONNECT api.twilio.com:443 HTTP/1.1\r\nHost: api.twilio.com:443\r\n\r\n')).toBe('HTTP/1.1 200 Connection Established');
  });

  const listCalls: Step[] = [{ name: 'calls' }, { name: 'list', args: [{ limit: 1 }] }];
  const listSyncServices: Step[] = [{ name: 'sync' }, { name: 'v1' }, { name: 'services' }, { name: 'list', args: [{ limit: 1 }] }];
  const listServerlessServices: Step[] = [{ name: 'serverless' }, { name: 'v1' }, { name: 'services' }, { name: 'list', args: [{ limit: 1 }] }];
  test.each([
    { TWILIO_REGION: 'ie1', TWILIO_EDGE: 'dublin', host: 'api.dublin.ie1.twilio.com', steps: listCalls },
    { TWILIO_REGION: 'au1', TWILIO_EDGE: 'sydney', host: 'api.sydney.au1.twilio.com', steps: listCalls },
    { TWILIO_REGION: 'us1', TWILIO_EDGE: '', host: 'api.us1.twilio.com', steps: listCalls },
    { TWILIO_REGION: '', TWILIO_EDGE: '', host: 'sync.twilio.com', steps: listSyncServices },
    { TWILIO_REGION: 'ie1', TWILIO_EDGE: 'dublin', host: 'sync.dublin.ie1.twilio.com', steps: listSyncServices },
    { TWILIO_REGION: 'au1', TWILIO_EDGE: 'sydney', host: 'serverless.sydney.au1.twilio.com', steps: listServerlessServices },
  ])('the real twilio client reaches $host (certificate names it)', async ({ host, steps, ...env }) => {
    const client = await TwilioClientProcess.start(sim, Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
    try {
      const answer = await client.run(...steps);
      expect(answer.error).toBeUndefined();
      expect(answer.exchanges.map((e) => new URL(e.uri).host)).toEqual([host]);
    } finally {
      client.stop();
    }
  });

  test('without the CA the client refuses the certificate: trust comes from NODE_EXTRA_CA_CERTS only', async () => {
    const client = await TwilioClientProcess.start(sim, { NODE_EXTRA_CA_CERTS: '' });
    try {
      const answer = await client.run({ name: 'calls' }, { name: 'list', args: [{ limit: 1 }] });
      expect(answer.error?.message).toMatch(/certificate/i);
      expect(answer.exchanges).toEqual([]);
    } finally {
      client.stop();
    }
  });
});

describe('a Function in twilio-run', () => {
  let runtime: LocalRuntime | undefined;
  afterAll(() => runtime?.stop());

  test('reaches the REST API through context.getTwilioClient(), started as the simulator starts twilio-run', async () => {
    // A throwaway Function in a temporary folder (never in dist/), served by a second twilio-run
    // started with the simulator's own proxy settings.
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-rest-fn-'));
    writeFileSync(
      join(folder, 'calls.js'),
      `exports.handler = async (context, event, callback) => {
        try {
          const calls = await context.getTwilioClient().calls.list({ limit: 5 });
          callback(null, { count: calls.length, proxy: process.env.HTTP_PROXY, ca: process.env.NODE_EXTRA_CA_CERTS === undefined ? 'replaced' : 'kept' });
        } catch (error) {
          callback(null, { error: String(error.message) });
        }
      };`,
    );
    runtime = await startRuntime(sim.env, { restProxy: sim.restProxy, functionsFolder: folder });
    const answer = await (await fetch(`${runtime.url}/calls`)).json();
    expect(answer).toEqual({ count: sim.calls().length, proxy: sim.restProxy.url, ca: 'replaced' });
  }, 60_000);
});

describe('the OpenAPI validator', () => {
  test('rejects a Call whose duration is a number (Twilio writes a string)', () => {
    const call = JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', '@twilio-alpha', 'mcp', 'twilio-oai', 'spec', 'json', 'twilio_api_v2010.json'), 'utf8')).paths[
      '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json'
    ].get.responses['200'].content['application/json'].examples.fetch.value;
    delete call.annotation; // in Twilio's example, not in its schema
    expect(() => expectTwilioShape('/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 'get', 200, call)).not.toThrow();
    expect(() => expectTwilioShape('/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 'get', 200, { ...call, duration: 4 })).toThrow(/duration/);
    expect(() => expectTwilioShape('/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 'get', 200, { ...call, start_time: '2019-10-18T17:02:00Z' })).toThrow(/start_time/);
    expect(() => expectTwilioShape('/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 'get', 404, { code: 20404, message: 'x', status: 404 })).toThrow(/more_info/);
  });
});

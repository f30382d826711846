/**
 * `npm start` and the tests get a Sync Service without any step of the user's: the simulator's demo
 * configuration makes one and hands SYNC_SERVICE_SID to the Functions, which reach Sync unchanged
 * through `context.getTwilioClient()` (the interception proxy stands in for sync.twilio.com; its
 * regional hosts are in rest-proxy.test.ts). People and scripts reach Sync on the demo URL at
 * Sync's own paths. Every answer
 * is checked against `twilio_sync_v1.json`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type LocalRuntime } from '../../build/local-runtime';
import { expectTwilioShape, templateOf } from '../support/openapi';
import { restClientPerFile } from '../support/twilio-client';

/** The simulator's Sync clock, given by the test (SimulatorOptions.syncNow). */
const SYNC_NOW = Date.parse('2026-05-04T09:00:00Z');
const shared = restClientPerFile({ syncNow: () => SYNC_NOW });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A request to Sync on the demo URL, its answer checked against Twilio's description. */
async function frontSync(path: string, init: { method?: 'GET' | 'POST'; form?: Record<string, string>; auth?: string } = {}) {
  const { sim } = shared();
  const response = await fetch(`${sim.url}${path}`, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    headers: { Authorization: init.auth ?? basic(sim.env.ACCOUNT_SID, sim.env.AUTH_TOKEN), ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  const body = await response.json();
  expectTwilioShape(response.status >= 400 ? path : templateOf(path, 'sync'), (init.method ?? (init.form ? 'post' : 'get')).toLowerCase() as 'get' | 'post', response.status, body, 'sync');
  return { status: response.status, body, etag: response.headers.get('etag') };
}

test('the demo has a Sync Service, named by SYNC_SERVICE_SID, on the demo URL at /v1/Services/…', async () => {
  const { sim } = shared();
  const sid = sim.env.SYNC_SERVICE_SID;
  expect(sid).toMatch(/^IS[0-9a-f]{32}$/);
  expect(sim.sync.services().map((s) => s.sid)).toEqual([sid]);
  const fetched = await frontSync(`/v1/Services/${sid}`);
  expect(fetched.status).toBe(200);
  expect(fetched.body).toMatchObject({ sid, account_sid: sim.env.ACCOUNT_SID, friendly_name: 'Switchboard', url: `${sim.url}/v1/Services/${sid}` });

  const created = await frontSync(`/v1/Services/${sid}/Documents`, { form: { UniqueName: 'hello', Data: '{"from":"curl"}' } });
  expect([created.status, created.body.data, created.etag, created.body.date_created]).toEqual([201, { from: 'curl' }, '0', '2026-05-04T09:00:00Z']);
  expect(sim.sync.document(sid, 'hello').data).toEqual({ from: 'curl' });
  expect((await frontSync(`/v1/Services/${sid}`, { auth: basic(sim.env.ACCOUNT_SID, 'wrong') })).body).toMatchObject({ status: 401, code: 20003 });
  expect((await frontSync(`/v1/Services/${sid}/Documents/absent`)).body).toMatchObject({ status: 404, code: 54100 });
});

test('the real twilio client reaches it on sync.twilio.com through the proxy, as the Functions do', async () => {
  const { sim, client } = shared();
  const sid = sim.env.SYNC_SERVICE_SID;
  const map = await client.ok({ name: 'sync' }, { name: 'v1' }, { name: 'services', args: [sid] }, { name: 'syncMaps' }, { name: 'create', args: [{ uniqueName: 'from-client' }] });
  expect(map).toMatchObject({ uniqueName: 'from-client', serviceSid: sid, url: `https://sync.twilio.com/v1/Services/${sid}/Maps/${map.sid}` });
  expect(sim.sync.map(sid, 'from-client').sid).toBe(map.sid);
});

describe('a Function in twilio-run', () => {
  let runtime: LocalRuntime | undefined;
  afterAll(() => runtime?.stop());

  test('gets SYNC_SERVICE_SID in its context and writes to Sync with context.getTwilioClient()', async () => {
    const { sim } = shared();
    // A throwaway Function in a temporary folder (never in dist/), served by a second twilio-run
    // started with the demo's environment and the simulator's proxy, as the simulator starts its own.
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-sync-fn-'));
    writeFileSync(
      join(folder, 'presence.js'),
      `exports.handler = async (context, event, callback) => {
        try {
          const map = await context.getTwilioClient().sync.v1.services(context.SYNC_SERVICE_SID).syncMaps.create({ uniqueName: 'presence-' + event.who });
          const item = await context.getTwilioClient().sync.v1.services(context.SYNC_SERVICE_SID).syncMaps(map.sid).syncMapItems.create({ key: event.who, data: { state: 'free' }, itemTtl: 60 });
          callback(null, { service: context.SYNC_SERVICE_SID, revision: item.revision });
        } catch (error) {
          callback(null, { error: String(error.message) });
        }
      };`,
    );
    runtime = await startRuntime(sim.env, { restProxy: sim.restProxy, functionsFolder: folder });
    const answer = await (await fetch(`${runtime.url}/presence?who=alice`)).json();
    expect(answer).toEqual({ service: sim.env.SYNC_SERVICE_SID, revision: '0' });
    expect(sim.sync.item(sim.env.SYNC_SERVICE_SID, 'presence-alice', 'alice').data).toEqual({ state: 'free' });
  }, 60_000);
});

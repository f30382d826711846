/**
 * The simulator's Twilio Sync through its REST API, driven by the real `twilio` client through the
 * interception proxy (as a Function's `context.getTwilioClient()` reaches it): Services, Documents,
 * Maps and Map Items with Twilio's rules — TTLs, `If-Match` revisions (412), 16 KiB (54006), unique
 * names, per-object rate limits (429, 54009), paging and error bodies. The Sync store's clock is the
 * test's, so expiry and rate limits are deterministic; every answer is checked against
 * `twilio_sync_v1.json`.
 */
import fc from 'fast-check';
import { SyncStore } from '../../simulator/rest/sync-store';
import { anyValue } from '../security/hostile-values';
import { perFile } from '../support/per-file';
import { pathSegment, RestSimulator, sendJunk } from '../support/rest-simulator';

/** The Sync store's clock: the tests move it. */
let now = Date.parse('2026-05-04T09:00:00Z');
const shared = perFile(
  () => RestSimulator.start({ sync: new SyncStore({ now: () => now }) }),
  (sim) => sim.stop(),
);

/** A new Sync Service for one test: its SID and the `twilio` client's handle on it. */
async function service() {
  const client = shared().client();
  const { sid } = await client.sync.v1.services.create({ friendlyName: 'Switchboard test' });
  return { sid, sync: client.sync.v1.services(sid) };
}

/** The error a request fails with. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { status: number; code: number; message: string }) => ({ status: error.status, code: error.code }),
  );
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const lastAnswer = () => shared().requests.at(-1)!;

describe('Services', () => {
  test('create, fetch, list, update and delete; an unknown one is 54050', async () => {
    const client = shared().client();
    const created = await client.sync.v1.services.create({ friendlyName: 'Team state', aclEnabled: true, reachabilityDebouncingWindow: 2000 });
    expect(lastAnswer().form).toEqual({ FriendlyName: 'Team state', AclEnabled: 'true', ReachabilityDebouncingWindow: '2000' });
    expect(created).toMatchObject({
      friendlyName: 'Team state',
      aclEnabled: true,
      uniqueName: null,
      reachabilityDebouncingWindow: 2000,
      webhookUrl: null,
      url: `https://sync.twilio.com/v1/Services/${created.sid}`,
    });
    expect(created.sid).toMatch(/^IS[0-9a-f]{32}$/);
    expect((await client.sync.v1.services(created.sid).fetch()).friendlyName).toBe('Team state');
    expect((await client.sync.v1.services.list()).map((s) => s.sid)).toContain(created.sid);
    expect((await client.sync.v1.services(created.sid).update({ friendlyName: 'Renamed', webhooksFromRestEnabled: true })).friendlyName).toBe('Renamed');
    expect(await failure(client.sync.v1.services(created.sid).update({ reachabilityDebouncingWindow: 999 }))).toEqual({ status: 400, code: 20001 });
    expect(await client.sync.v1.services(created.sid).remove()).toBe(true);
    expect(await failure(client.sync.v1.services(created.sid).fetch())).toEqual({ status: 404, code: 54050 });
  });

  test('wrong credentials are 401 (20003), as everywhere at Twilio', async () => {
    const sim = shared();
    expect(await failure(sim.clientFactory(sim.account.sid, 'wrong').sync.v1.services.list())).toEqual({ status: 401, code: 20003 });
  });
});

describe('Documents', () => {
  test('create with a unique name, data and a TTL; fetch by SID or name, with the revision as ETag', async () => {
    const { sync } = await service();
    const created = await sync.documents.create({ uniqueName: 'presence', data: { alice: 'free' }, ttl: 60 });
    expect(lastAnswer().form).toEqual({ UniqueName: 'presence', Data: '{"alice":"free"}', Ttl: '60' });
    expect(created).toMatchObject({ uniqueName: 'presence', data: { alice: 'free' }, revision: '0', createdBy: 'system', dateExpires: new Date(iso(now + 60_000)) });
    expect(created.sid).toMatch(/^ET[0-9a-f]{32}$/);
    expect(lastAnswer().answerHeaders.etag).toBe('0');
    expect((await sync.documents(created.sid).fetch()).data).toEqual({ alice: 'free' });
    expect((await sync.documents('presence').fetch()).sid).toBe(created.sid);
    expect(lastAnswer().answerHeaders.etag).toBe('0');
    expect(await failure(sync.documents('absent').fetch())).toEqual({ status: 404, code: 54100 });
  });

  test('If-Match: the current revision updates, a stale one is 412 (54103) and changes nothing, a malformed one 400 (54003)', async () => {
    const { sync } = await service();
    const { sid } = await sync.documents.create({ data: { n: 1 } });
    const updated = await sync.documents(sid).update({ data: { n: 2 }, ifMatch: '0' });
    expect(lastAnswer().headers['If-Match']).toBe('0');
    expect(updated).toMatchObject({ revision: '1', data: { n: 2 } });
    expect(lastAnswer().answerHeaders.etag).toBe('1');
    expect(await failure(sync.documents(sid).update({ data: { n: 3 }, ifMatch: '0' }))).toEqual({ status: 412, code: 54103 });
    expect(await failure(sync.documents(sid).update({ data: { n: 3 }, ifMatch: 'latest' }))).toEqual({ status: 400, code: 54003 });
    expect(await sync.documents(sid).fetch()).toMatchObject({ revision: '1', data: { n: 2 } });
    // Without If-Match a write is unconditional.
    expect(await sync.documents(sid).update({ data: { n: 4 } })).toMatchObject({ revision: '2', data: { n: 4 } });
    expect(await failure(sync.documents(sid).update({}))).toEqual({ status: 400, code: 54010 });
  });

  test('TTL: kept by an update that sends none, moved by one that does, 0 never expires; expired documents are gone', async () => {
    const { sync } = await service();
    const { sid } = await sync.documents.create({ uniqueName: 'session', data: {}, ttl: 30 });
    const start = now;
    now += 10_000;
    expect((await sync.documents(sid).update({ data: { a: 1 } })).dateExpires).toEqual(new Date(iso(start + 30_000)));
    expect((await sync.documents(sid).update({ ttl: 30 })).dateExpires).toEqual(new Date(iso(now + 30_000)));
    const forever = await sync.documents.create({ data: {}, ttl: 0 });
    expect(forever.dateExpires).toBeNull();
    now += 30_000;
    expect(await failure(sync.documents(sid).fetch())).toEqual({ status: 404, code: 54100 });
    expect((await sync.documents.list()).map((d) => d.sid)).toEqual([forever.sid]);
    // Its unique name is free again.
    expect((await sync.documents.create({ uniqueName: 'session', data: {} })).uniqueName).toBe('session');
  });

  test.each([31_536_001, -1, 1.5])('a TTL of %p is 54011', async (ttl) => {
    const { sync } = await service();
    expect(await failure(sync.documents.create({ data: {}, ttl }))).toEqual({ status: 400, code: 54011 });
  });

  test('16 KiB of data: exactly 16,384 bytes are kept, one more is 54006 and changes nothing', async () => {
    const { sync } = await service();
    const sized = (bytes: number) => ({ text: 'x'.repeat(bytes - '{"text":""}'.length) });
    const { sid } = await sync.documents.create({ data: sized(16_384) });
    expect(await failure(sync.documents(sid).update({ data: sized(16_385) }))).toEqual({ status: 413, code: 54006 });
    expect(await failure(sync.documents.create({ data: { text: 'é'.repeat(8200) } }))).toEqual({ status: 413, code: 54006 });
    expect(await sync.documents(sid).fetch()).toMatchObject({ revision: '0', data: sized(16_384) });
  });

  test('Data must be a JSON object (54008)', async () => {
    const { sync } = await service();
    expect(await failure(sync.documents.create({ data: [1, 2] }))).toEqual({ status: 400, code: 54008 });
    expect(await failure(sync.documents.create({ data: 'not json' }))).toEqual({ status: 400, code: 54008 });
  });

  test('unique names: unique among Documents (54301), 1–320 characters and never shaped like a SID (54302)', async () => {
    const { sync } = await service();
    await sync.documents.create({ uniqueName: 'team', data: {} });
    expect(await failure(sync.documents.create({ uniqueName: 'team', data: {} }))).toEqual({ status: 409, code: 54301 });
    expect((await sync.syncMaps.create({ uniqueName: 'team' })).uniqueName).toBe('team');
    expect((await sync.documents.create({ uniqueName: 'n'.repeat(320) })).uniqueName).toHaveLength(320);
    expect(await failure(sync.documents.create({ uniqueName: 'n'.repeat(321) }))).toEqual({ status: 400, code: 54302 });
    expect(await failure(sync.documents.create({ uniqueName: '' }))).toEqual({ status: 400, code: 54302 });
    expect(await failure(sync.documents.create({ uniqueName: `ET${'a'.repeat(32)}` }))).toEqual({ status: 400, code: 54302 });
  });

  test('delete: gone afterwards', async () => {
    const { sync } = await service();
    const { sid } = await sync.documents.create({ data: {} });
    expect(await sync.documents(sid).remove()).toBe(true);
    expect(await failure(sync.documents(sid).remove())).toEqual({ status: 404, code: 54100 });
  });
});

describe('Maps and Map Items', () => {
  test('items: create with a key, fetch by key, list in key order with From, Bounds and Order', async () => {
    const { sync } = await service();
    const map = await sync.syncMaps.create({ uniqueName: 'presence' });
    expect(map).toMatchObject({ uniqueName: 'presence', revision: '0', dateExpires: null, links: { items: `https://sync.twilio.com/v1/Services/${map.serviceSid}/Maps/${map.sid}/Items` } });
    for (const key of ['carol', 'alice', 'bob smith']) await sync.syncMaps('presence').syncMapItems.create({ key, data: { key } });
    expect(lastAnswer().form).toEqual({ Key: 'bob smith', Data: '{"key":"bob smith"}' });
    expect(lastAnswer().answerHeaders.etag).toBe('0');
    const item = await sync.syncMaps(map.sid).syncMapItems('bob smith').fetch();
    expect(item).toMatchObject({ key: 'bob smith', mapSid: map.sid, data: { key: 'bob smith' }, revision: '0' });
    expect(lastAnswer().path).toBe(`/v1/Services/${map.serviceSid}/Maps/${map.sid}/Items/bob%20smith`);
    const keys = async (options: object) => (await sync.syncMaps('presence').syncMapItems.list(options)).map((i) => i.key);
    expect(await keys({})).toEqual(['alice', 'bob smith', 'carol']);
    expect(await keys({ order: 'desc' })).toEqual(['carol', 'bob smith', 'alice']);
    expect(await keys({ from: 'bob smith' })).toEqual(['bob smith', 'carol']);
    expect(await keys({ from: 'bob smith', bounds: 'exclusive' })).toEqual(['carol']);
    expect(await keys({ from: 'bob smith', bounds: 'exclusive', order: 'desc' })).toEqual(['alice']);
    expect(await failure(sync.syncMaps('presence').syncMapItems('dave').fetch())).toEqual({ status: 404, code: 54201 });
    expect(await failure(sync.syncMaps('absent').syncMapItems('alice').fetch())).toEqual({ status: 404, code: 54200 });
  });

  test('keys: unique in their Map (54208), 1–320 characters (54209); Data is required (54206)', async () => {
    const { sync } = await service();
    const items = sync.syncMaps((await sync.syncMaps.create()).sid).syncMapItems;
    await items.create({ key: 'alice', data: {} });
    expect(await failure(items.create({ key: 'alice', data: {} }))).toEqual({ status: 409, code: 54208 });
    expect((await items.create({ key: 'k'.repeat(320), data: {} })).key).toHaveLength(320);
    expect(await failure(items.create({ key: 'k'.repeat(321), data: {} }))).toEqual({ status: 400, code: 54209 });
    // The client itself insists on Data; a request without it gets Twilio's 54206.
    const { host, path } = lastAnswer();
    const answer = await shared()
      .client()
      .request({ method: 'post', uri: `https://${host}${path}`, data: { Key: 'bob' } });
    expect([answer.statusCode, (answer.body as { code: number }).code]).toEqual([400, 54206]);
  });

  test('If-Match on items: 412 (54205) for a stale revision on update and delete; the right one deletes', async () => {
    const { sync } = await service();
    const map = await sync.syncMaps.create();
    const items = sync.syncMaps(map.sid).syncMapItems;
    await items.create({ key: 'count', data: { n: 0 } });
    expect(await items('count').update({ data: { n: 1 }, ifMatch: '0' })).toMatchObject({ revision: '1', data: { n: 1 } });
    expect(lastAnswer().answerHeaders.etag).toBe('1');
    expect(await failure(items('count').update({ data: { n: 2 }, ifMatch: '0' }))).toEqual({ status: 412, code: 54205 });
    expect(await failure(items('count').remove({ ifMatch: '0' }))).toEqual({ status: 412, code: 54205 });
    expect(await items('count').remove({ ifMatch: '1' })).toBe(true);
    expect(await failure(items('count').fetch())).toEqual({ status: 404, code: 54201 });
    // Writes to items are revisions of their Map.
    expect((await sync.syncMaps(map.sid).fetch()).revision).toBe('3');
  });

  test('TTLs: ItemTtl (or its alias Ttl) per item, kept by an update without one; CollectionTtl moves the Map, which takes its items along', async () => {
    const { sync } = await service();
    const map = await sync.syncMaps.create({ uniqueName: 'attempts', collectionTtl: 600 });
    expect(map.dateExpires).toEqual(new Date(iso(now + 600_000)));
    const items = sync.syncMaps('attempts').syncMapItems;
    const start = now;
    expect((await items.create({ key: 'alice', data: { n: 1 }, itemTtl: 60, ttl: 5 })).dateExpires).toEqual(new Date(iso(start + 60_000)));
    expect((await items.create({ key: 'bob', data: { n: 1 }, ttl: 120 })).dateExpires).toEqual(new Date(iso(start + 120_000)));
    await items.create({ key: 'carol', data: { n: 1 } });
    now += 30_000;
    expect((await items('alice').update({ data: { n: 2 } })).dateExpires).toEqual(new Date(iso(start + 60_000)));
    expect(await failure(items('alice').update({ collectionTtl: 60 }))).toEqual({ status: 400, code: 54010 });
    now += 30_000;
    expect((await items.list()).map((i) => i.key)).toEqual(['bob', 'carol']);
    expect(await failure(items('alice').fetch())).toEqual({ status: 404, code: 54201 });
    // A write to an item with CollectionTtl moves the Map's expiry: 10 s from now the Map and all its items are gone.
    await items('carol').update({ data: { n: 2 }, collectionTtl: 10 });
    expect((await sync.syncMaps('attempts').fetch()).dateExpires).toEqual(new Date(iso(now + 10_000)));
    now += 10_000;
    expect(await failure(items('bob').fetch())).toEqual({ status: 404, code: 54200 });
    expect(await sync.syncMaps.list()).toEqual([]);
  });

  test('a Map update sets its TTL (CollectionTtl, or Ttl), nothing else: 54010 without one', async () => {
    const { sync } = await service();
    const { sid } = await sync.syncMaps.create();
    expect((await sync.syncMaps(sid).update({ ttl: 100 })).dateExpires).toEqual(new Date(iso(now + 100_000)));
    expect((await sync.syncMaps(sid).update({ collectionTtl: 0, ttl: 100 })).dateExpires).toBeNull();
    expect(await failure(sync.syncMaps(sid).update({}))).toEqual({ status: 400, code: 54010 });
    expect(await sync.syncMaps(sid).remove()).toBe(true);
  });

  test('paging: at most 100 a page, the client follows meta.next_page_url', async () => {
    const { sync, sid: serviceSid } = await service();
    const { sid } = await sync.syncMaps.create();
    for (let i = 0; i < 5; i++) shared().sync.createItem(serviceSid, sid, `k${i}`, { data: {} });
    const before = shared().requests.length;
    expect((await sync.syncMaps(sid).syncMapItems.list({ pageSize: 2 })).map((i) => i.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    const pages = shared().requests.slice(before);
    expect(pages.map((r) => [r.query.PageSize, r.query.Page ?? '0'])).toEqual([
      ['2', '0'],
      ['2', '1'],
      ['2', '2'],
    ]);
    // Every page link keeps the list's filters.
    expect((await sync.syncMaps(sid).syncMapItems.list({ pageSize: 2, order: 'desc', from: 'k3' })).map((i) => i.key)).toEqual(['k3', 'k2', 'k1', 'k0']);
    expect(await failure(sync.syncMaps(sid).syncMapItems.page({ pageSize: 101 }))).toEqual({ status: 400, code: 20007 });
  });
});

describe('rate limits', () => {
  test('a Map is one object: past 200 writes in a burst the next is 429 (54009), whichever item; other objects and reads have budgets of their own; 20 a second come back', async () => {
    const { sync } = await service();
    const [flooded, other] = [await sync.syncMaps.create(), await sync.syncMaps.create()];
    const store = shared().sync;
    const { serviceSid } = flooded;
    // The creation above was the Map's first write; 199 more fill the burst.
    for (let i = 0; i < 199; i++) store.createItem(serviceSid, flooded.sid, `key${i}`, { data: { i } });
    expect(await failure(sync.syncMaps(flooded.sid).syncMapItems.create({ key: 'one more', data: {} }))).toEqual({ status: 429, code: 54009 });
    expect(await failure(sync.syncMaps(flooded.sid).syncMapItems('key0').update({ data: {} }))).toEqual({ status: 429, code: 54009 });
    expect(await failure(sync.syncMaps(flooded.sid).update({ ttl: 60 }))).toEqual({ status: 429, code: 54009 });
    expect((await sync.syncMaps(other.sid).syncMapItems.create({ key: 'fine', data: {} })).key).toBe('fine');
    expect((await sync.syncMaps(flooded.sid).syncMapItems('key0').fetch()).data).toEqual({ i: 0 });
    // One second later 20 writes have come back, and only 20.
    now += 1000;
    for (let i = 0; i < 20; i++)
      await sync
        .syncMaps(flooded.sid)
        .syncMapItems(`key${i}`)
        .update({ data: { again: i } });
    expect(await failure(sync.syncMaps(flooded.sid).syncMapItems('key0').update({ data: {} }))).toEqual({ status: 429, code: 54009 });
    now += 10_000;
    expect(
      await sync
        .syncMaps(flooded.sid)
        .syncMapItems('key0')
        .update({ data: { later: true } }),
    ).toMatchObject({ data: { later: true } });
  });

  test('reads are limited per object too', async () => {
    const { sync, sid: serviceSid } = await service();
    const { sid } = await sync.documents.create({ data: {} });
    const store = shared().sync;
    for (let i = 0; i < 200; i++) store.document(serviceSid, sid);
    expect(await failure(sync.documents(sid).fetch())).toEqual({ status: 429, code: 54009 });
    expect(await sync.documents(sid).update({ data: { written: true } })).toMatchObject({ revision: '1' });
  });
});

test("every answer's Date is the store's clock, Twilio's own time, which Functions may count by: a moved clock moves it, errors included", async () => {
  const { sync } = await service();
  now = Date.parse('2026-05-04T10:00:00Z');
  await sync.documents.create({ uniqueName: 'clock', data: {} });
  expect(lastAnswer().answerHeaders.date).toBe('Mon, 04 May 2026 10:00:00 GMT');
  now += 61_000;
  expect(await failure(sync.documents('no-such-document').fetch())).toEqual({ status: 404, code: 54100 });
  expect(lastAnswer().answerHeaders.date).toBe('Mon, 04 May 2026 10:01:01 GMT');
});

test('an outage: while the store is not available every Sync request is 503 (20503) and changes nothing; then it works again', async () => {
  const { sync } = await service();
  const { sid } = await sync.documents.create({ data: { n: 1 } });
  shared().sync.available = false;
  try {
    expect(await failure(sync.documents(sid).update({ data: { n: 2 } }))).toEqual({ status: 503, code: 20503 });
    expect(await failure(sync.fetch())).toEqual({ status: 503, code: 20503 });
  } finally {
    shared().sync.available = true;
  }
  expect(await sync.documents(sid).fetch()).toMatchObject({ revision: '0', data: { n: 1 } });
});

test('Lists, Streams and Permissions are not simulated: 501, never a wrong answer', async () => {
  const { sync } = await service();
  expect(await failure(sync.syncLists.list())).toEqual({ status: 501, code: 20001 });
  expect(await failure(sync.syncStreams.create({}))).toEqual({ status: 501, code: 20001 });
});

test('junk parameters, keys, names and If-Match on every Sync route: always an answer Twilio could give (checked against its description), never a 5xx', async () => {
  const { sync, sid } = await service();
  const document = await sync.documents.create({ uniqueName: 'doc', data: { a: 1 } });
  const map = await sync.syncMaps.create({ uniqueName: 'map' });
  await sync.syncMaps('map').syncMapItems.create({ key: 'item', data: {} });
  // Path segments as the client sends them, or not decodable at all.
  const segment = fc.oneof(fc.constantFrom('doc', 'map', 'item', document.sid, map.sid, '%E0%A4%A', '%zz'), anyValue.map(pathSegment));
  const base = `https://sync.twilio.com/v1/Services/${sid}`;
  const uri = fc.oneof(
    fc.constantFrom(`${base}/Documents`, `${base}/Maps`, `${base}/Maps/map/Items`, `https://sync.twilio.com/v1/Services/IS${'0'.repeat(32)}/Documents`),
    segment.map((id) => `${base}/Documents/${id}`),
    segment.map((id) => `${base}/Maps/${id}`),
    fc.tuple(segment, segment).map(([id, key]) => `${base}/Maps/${id}/Items/${key}`),
  );
  const field = fc.constantFrom('Data', 'Ttl', 'ItemTtl', 'CollectionTtl', 'UniqueName', 'Key', 'Order', 'From', 'Bounds', 'PageSize', 'Page');
  const request = fc.record({
    uri,
    method: fc.constantFrom('get' as const, 'post' as const, 'delete' as const),
    fields: fc.array(fc.tuple(field, anyValue), { maxLength: 4 }),
    ifMatch: fc.option(anyValue),
  });
  // The objects' budgets refill between batches.
  const statuses = await sendJunk(shared(), 'junk to the Sync REST API', request, () => (now += 10_000));
  // The junk reached the rules, not only the router.
  for (const status of [200, 400, 404]) expect(statuses.get(status)).toBeGreaterThan(0);
});

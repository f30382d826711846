/**
 * The Sync store itself, without HTTP: its state is plain data that survives a JSON round trip
 * (what a snapshot of the simulator keeps), and its rate limit is a bucket of 200 requests per
 * object that refills at 20 a second, refusals costing nothing.
 */
import { RestError } from '../../simulator/rest/rest-errors';
import { SyncStore } from '../../simulator/rest/sync-store';

const T0 = Date.parse('2026-05-04T09:00:00Z');

/** What a store call throws, as Twilio's status and code. */
function refusal(call: () => unknown): { status: number; code: number } | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    if (!(error instanceof RestError)) throw error;
    return { status: error.status, code: error.code };
  }
}

test('the state is plain data: a JSON round trip gives a store that holds and answers the same; what expired is not kept', () => {
  let now = T0;
  const store = new SyncStore({ now: () => now });
  const service = store.createService({ friendly_name: 'Switchboard' });
  const document = store.createDocument(service.sid, { uniqueName: 'team', data: { dnd: ['bob'] } });
  store.updateDocument(service.sid, 'team', { data: { dnd: [] }, ifMatch: '0' });
  store.createDocument(service.sid, { uniqueName: 'short-lived', data: {}, ttl: 5 });
  const map = store.createMap(service.sid, { uniqueName: 'presence', ttl: 3600 });
  store.createItem(service.sid, 'presence', 'alice', { data: { state: 'free' }, ttl: 60 });
  now += 10_000;

  const restored = new SyncStore({ now: () => now, state: JSON.parse(JSON.stringify(store)) });
  expect(restored.document(service.sid, 'team')).toEqual({ ...document, revision: 1, data: { dnd: [] }, date_updated: T0 });
  expect(restored.documents(service.sid).map((d) => d.unique_name)).toEqual(['team']);
  expect(restored.item(service.sid, map.sid, 'alice')).toMatchObject({ data: { state: 'free' }, revision: 0, date_expires: T0 + 60_000 });
  expect(refusal(() => restored.updateDocument(service.sid, 'team', { data: {}, ifMatch: '0' }))).toEqual({ status: 412, code: 54103 });
  now += 60_000;
  expect(refusal(() => restored.item(service.sid, map.sid, 'alice'))).toEqual({ status: 404, code: 54201 });
});

test('rate limit: 200 requests at once, then 429 (54009) costing nothing; 20 a second come back, never more than 200', () => {
  let now = T0;
  const store = new SyncStore({ now: () => now });
  const { sid } = store.createService();
  const document = store.createDocument(sid, { data: {} });
  const write = () => store.updateDocument(sid, document.sid, { data: {} });
  for (let i = 1; i < 200; i++) write();
  for (let i = 0; i < 3; i++) expect(refusal(write)).toEqual({ status: 429, code: 54009 });
  now += 50; // one request's worth
  expect(refusal(write)).toBeUndefined();
  expect(refusal(write)).toEqual({ status: 429, code: 54009 });
  now += 100_000;
  for (let i = 0; i < 200; i++) write();
  expect(refusal(write)).toEqual({ status: 429, code: 54009 });
  // Reads have a budget of their own.
  expect(refusal(() => store.document(sid, document.sid))).toBeUndefined();
});

/**
 * Paging the team's history over an in-memory Calls and Recordings API with Twilio's list
 * semantics (newest first, StartTime< on or before, StartTime> on or after, PageSize, next page):
 * every page is complete (legs that started long after their call included), pages neither
 * repeat nor skip calls, and a page costs a few requests.
 */
import type { Twilio } from 'twilio';
import type { HistoryEntry } from '../../src/lib/contract/calls';
import { encodeCursor } from '../../src/lib/history/history-cursor';
import { HISTORY_PAGE_SIZE, readHistory } from '../../src/lib/history/history-pages';
import type { CallRecord, RecordingRecord } from '../../src/lib/records/rest-records';

const TEAM_NUMBER = '+14155550100';
const T0 = Date.UTC(2026, 10, 1);
let serial = 0;
const sid = (prefix: string) => `${prefix}${(++serial).toString(16).padStart(32, '0')}`;

interface ListParams {
  pageSize?: number;
  startTimeBefore?: Date;
  startTimeAfter?: Date;
  dateCreatedBefore?: Date;
  dateCreatedAfter?: Date;
}

/** One list page as the `twilio` client gives it, and the requests made so far. */
function pager<T>(items: T[], pageSize: number, count: () => void, offset = 0): { instances: T[]; nextPageUrl?: string; nextPage(): Promise<unknown> | undefined } {
  const more = offset + pageSize < items.length;
  return {
    instances: items.slice(offset, offset + pageSize),
    nextPageUrl: more ? `https://api.twilio.com/next?${offset + pageSize}` : undefined,
    nextPage: () => (more ? Promise.resolve().then(() => (count(), pager(items, pageSize, count, offset + pageSize))) : undefined),
  };
}

/** The account's calls and recordings behind the two list methods readHistory uses. */
function fakeApi(calls: CallRecord[], recordings: RecordingRecord[]) {
  const stats = { requests: 0 };
  const count = () => stats.requests++;
  const inRange = (ms: number, after?: Date, before?: Date) => (!after || ms >= after.getTime()) && (!before || ms <= before.getTime());
  const client = {
    calls: {
      page: (p: ListParams) => {
        count();
        const listed = calls.filter((c) => inRange(c.startTime!.getTime(), p.startTimeAfter, p.startTimeBefore)).sort((a, b) => b.startTime!.getTime() - a.startTime!.getTime());
        return Promise.resolve(pager(listed, p.pageSize ?? 50, count));
      },
    },
    recordings: {
      page: (p: ListParams) => {
        count();
        const listed = recordings.filter((r) => inRange(r.dateCreated!.getTime(), p.dateCreatedAfter, p.dateCreatedBefore)).sort((a, b) => b.dateCreated!.getTime() - a.dateCreated!.getTime());
        return Promise.resolve(pager(listed, p.pageSize ?? 50, count));
      },
    },
  };
  return { client: client as unknown as Twilio, stats };
}

const CALLER = '+12025550100';
const FORWARD_TO = '+14155550199';
const OUTSIDE = '+14155550134';

/** A phone's call to the team number from `start`, `seconds` long, as its parent Call record (its legs are added apart). */
function inboundCall(start: Date, seconds: number): CallRecord {
  const end = new Date(start.getTime() + seconds * 1000);
  return { sid: sid('CA'), parentCallSid: null, from: CALLER, to: TEAM_NUMBER, status: 'completed', direction: 'inbound', startTime: start, endTime: end, duration: String(seconds), callerName: null };
}

/**
 * 260 calls over a day, in whole seconds as Twilio keeps them: inbound ring groups (three legs at
 * once, sometimes a FORWARD_TO leg 20 s later, sometimes a voicemail), browser calls out, calls
 * of another number on the account, pairs starting in the same second, and long calls whose
 * legs start after many later calls began: among them consultations (warm transfers, dave
 * consulting erin, placed by the Participants API) and cold transfers of browser calls to a phone
 * (the phone's leg dials carol: a leg of a leg).
 *
 * Beside each call's records, the entry a person reads off them, written out: who called whom,
 * who answered, who it went to, how long they talked (from the first answer to the last leg's end).
 */
function history() {
  const calls: CallRecord[] = [];
  const recordings: RecordingRecord[] = [];
  const expected: HistoryEntry[] = [];
  /** Whose own call each one is (the Mine view): who placed, answered or was handed it. */
  const owners = new Map<string, string[]>();
  const at = (s: number) => new Date(T0 + s * 1000);
  for (let i = 0; i < 260; i++) {
    const start = i * 30 - (i % 7 === 3 ? 30 : 0); // every 7th call starts in the second of the one before
    const kind = i % 5;
    const long = i % 11 === 0 || (kind === 1 && i % 3 === 0) ? 600 : 40;
    const parent: CallRecord = { ...inboundCall(at(start), long), from: kind === 3 ? 'client:alice' : CALLER, to: kind === 4 ? '+14155550999' : kind === 3 ? '' : TEAM_NUMBER };
    calls.push(parent);
    const seen = { id: parent.sid, at: at(start).toISOString() };
    const leg = (to: string, status: string, offset: number, duration: number): CallRecord => ({
      ...parent,
      sid: sid('CA'),
      parentCallSid: parent.sid,
      to,
      status,
      direction: 'outbound-dial',
      startTime: at(start + offset),
      endTime: at(start + offset + duration),
      duration: String(duration),
    });
    if (kind === 4) continue; // another number of the account: not the team's
    if (kind === 3) {
      // alice's browser dials bob (odd calls) or a phone; every fourth call nobody answers.
      const toBob = i % 2 === 1;
      const answered = i % 4 !== 0;
      const dialled = leg(toBob ? 'client:bob' : OUTSIDE, answered ? 'completed' : 'no-answer', 0, 20);
      calls.push(dialled);
      // The phone, 10 s into the call, is handed to carol: its leg dials hers, who talks 8 s, to the end.
      const handedToCarol = i % 4 === 2;
      if (handedToCarol) calls.push({ ...dialled, sid: sid('CA'), parentCallSid: dialled.sid, to: 'client:carol', startTime: at(start + 10), endTime: at(start + 20), duration: '8' });
      owners.set(parent.sid, ['alice', ...(toBob ? ['bob'] : []), ...(handedToCarol ? ['carol'] : [])]);
      if (toBob) expected.push({ ...seen, direction: 'team', party: { identity: 'bob' }, by: 'alice', answeredBy: 'bob', outcome: 'answered', seconds: 20 });
      else if (!answered) expected.push({ ...seen, direction: 'out', party: { number: OUTSIDE }, by: 'alice', outcome: 'missed', seconds: 0 });
      else expected.push({ ...seen, direction: 'out', party: { number: OUTSIDE }, by: 'alice', ...(handedToCarol ? { transfers: ['carol'] } : {}), outcome: 'answered', seconds: 20 });
      continue;
    }
    const answered = kind === 0;
    // dave answers the long ones (never two at once) and consults erin 300 s in, who takes over or not.
    const teammate = answered && long === 600 ? 'client:dave' : 'client:alice';
    calls.push(leg(teammate, answered ? 'completed' : 'no-answer', 0, answered ? long - 5 : 20), leg('client:bob', answered ? 'canceled' : 'no-answer', 0, 0), leg('client:carol', 'no-answer', 1, 0));
    const party = { number: CALLER };
    if (teammate === 'client:dave') {
      // Odd calls: erin stays on after dave's leg ends (595 s in) until the call ends at 600 s: a
      // transfer, the conversation lasting 600 s. Even ones: she leaves at 310 s, dave talked 595 s.
      const erinStays = i % 2 === 1;
      const end = erinStays ? long : 310;
      calls.push({ ...parent, sid: sid('CA'), from: 'client:dave', to: 'client:erin', direction: 'outbound-api', startTime: at(start + 300), endTime: at(start + end), duration: String(end - 302) });
      owners.set(parent.sid, erinStays ? ['dave', 'erin'] : ['dave']);
      expected.push({ ...seen, direction: 'in', party, answeredBy: 'dave', ...(erinStays ? { transfers: ['erin'] } : {}), outcome: 'answered', seconds: erinStays ? 600 : 595 });
    } else if (answered) {
      owners.set(parent.sid, ['alice']);
      expected.push({ ...seen, direction: 'in', party, answeredBy: 'alice', outcome: 'answered', seconds: 35 });
    }
    if (kind === 1) {
      // Nobody on the team answered; FORWARD_TO rings 20 s in (300 s in on long calls) and, when it answers, talks 10 s.
      const forwardAnswers = i % 2 === 1 || long === 600;
      calls.push(leg(FORWARD_TO, forwardAnswers ? 'completed' : 'no-answer', long === 600 ? 300 : 20, 10));
      expected.push({ ...seen, direction: 'in', party, outcome: forwardAnswers ? 'answered' : 'missed', seconds: forwardAnswers ? 10 : 0 });
    }
    if (kind === 2) {
      // Nobody answered; the caller left a 9 s message.
      const message = { sid: sid('RE'), callSid: parent.sid, source: 'RecordVerb', status: 'completed', startTime: at(start + 25), dateCreated: at(start + 35), duration: '9' };
      recordings.push(message);
      expected.push({ ...seen, direction: 'in', party, outcome: 'voicemail', seconds: 0, voicemail: { id: message.sid, seconds: 9 } });
    }
  }
  return { calls, recordings, expected, owners };
}

/** Every page of the history (of `mine`'s own calls when given) from the first on, and the REST requests each cost. */
async function pageThrough(client: Twilio, stats: { requests: number }, mine?: string) {
  const seen: HistoryEntry[] = [];
  const pages: HistoryEntry[][] = [];
  const perPage: number[] = [];
  let before = '';
  for (let n = 0; n < 30; n++) {
    const requestsBefore = stats.requests;
    const page = await readHistory(client, TEAM_NUMBER, before, mine === undefined ? {} : { mine });
    perPage.push(stats.requests - requestsBefore);
    expect(page!.entries.length).toBeLessThanOrEqual(HISTORY_PAGE_SIZE);
    seen.push(...page!.entries);
    pages.push([...page!.entries]);
    if (!page!.next) break;
    before = page!.next;
  }
  return { seen, pages, perPage };
}

test('paging through 260 calls shows every team call once, newest first, each with all its legs, in few requests', async () => {
  const { calls, recordings, expected } = history();
  const { client, stats } = fakeApi(calls, recordings);

  // Transfers of both kinds are there to be found, and consultations are no entries.
  expect(expected.filter((e) => e.transfers?.includes('erin')).length).toBeGreaterThan(1);
  expect(expected.filter((e) => e.transfers?.includes('carol')).length).toBeGreaterThan(1);
  expect(expected.filter((e) => e.answeredBy === 'dave' && !e.transfers).length).toBeGreaterThan(0);

  const { seen, perPage } = await pageThrough(client, stats);
  console.log(`history of ${expected.length} team calls (${calls.length} Call resources): ${perPage.length} pages, REST requests per page ${perPage.join(', ')}`);
  // Same entries (the legs found on every page, voicemails attached), none twice, newest first.
  expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
  expect([...seen].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...expected].sort((a, b) => a.id.localeCompare(b.id)));
  const starts = seen.map((e) => Date.parse(e.at));
  expect(starts).toEqual([...starts].sort((a, b) => b - a));
  expect(Math.max(...perPage)).toBeLessThanOrEqual(4);
});

test('an empty account: no entries, no next page, one request', async () => {
  const { client, stats } = fakeApi([], []);
  expect(await readHistory(client, TEAM_NUMBER, '')).toEqual({ entries: [], next: null });
  expect(stats.requests).toBe(1);
});

describe('Mine: only a teammate`s own calls', () => {
  it.each(['alice', 'bob', 'carol', 'dave', 'erin'])('pages through %s`s calls: each once, newest first, every page full but the last', async (who) => {
    const { calls, recordings, expected, owners } = history();
    const { client, stats } = fakeApi(calls, recordings);
    const theirs = expected.filter((entry) => owners.get(entry.id)?.includes(who));
    expect(theirs.length).toBeGreaterThan(0);

    const { seen, pages, perPage } = await pageThrough(client, stats, who);
    console.log(`Mine of ${who}: ${theirs.length} of ${expected.length} calls, ${pages.length} pages of ${pages.map((p) => p.length).join(', ')}, REST requests per page ${perPage.join(', ')}`);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect([...seen].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...theirs].sort((a, b) => a.id.localeCompare(b.id)));
    const starts = seen.map((e) => Date.parse(e.at));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    // The whole account fits in the list requests of one page: no page but the last is short.
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(HISTORY_PAGE_SIZE);
    expect(Math.max(...perPage)).toBeLessThanOrEqual(6);
  });

  /** `count` inbound calls answered by `teammate`, a minute apart, the newest `newest` s after T0 (each a parent and its answered leg). */
  const answeredBy = (teammate: string, count: number, newest: number): CallRecord[] =>
    Array.from({ length: count }, (_, i) => {
      const parent = inboundCall(new Date(T0 + (newest - i * 60) * 1000), 30);
      return [parent, { ...parent, sid: sid('CA'), parentCallSid: parent.sid, to: `client:${teammate}`, direction: 'outbound-dial', duration: '28' }];
    }).flat();

  it('is not empty because the team`s newest page held none of them: it reads on to the call that is theirs', async () => {
    const calls = [...answeredBy('bob', 120, 100_000), ...answeredBy('alice', 1, 10_000)];
    const { client } = fakeApi(calls, []);
    const all = await readHistory(client, TEAM_NUMBER, '');
    expect(all!.entries.filter((e) => e.answeredBy === 'alice')).toEqual([]);
    const mine = await readHistory(client, TEAM_NUMBER, '', { mine: 'alice' });
    expect(mine!.entries.map((e) => [e.answeredBy, e.at])).toEqual([['alice', new Date(T0 + 10_000_000).toISOString()]]);
    expect(mine!.next).toBeNull();
  });

  it('past 1,000 calls of others, answers a short page with a next that goes on below the oldest call read', async () => {
    const calls = [...answeredBy('bob', 600, 100_000), ...answeredBy('alice', 2, 10_000)];
    const { client, stats } = fakeApi(calls, []);
    const first = await readHistory(client, TEAM_NUMBER, '', { mine: 'alice' });
    expect([first!.entries, stats.requests]).toEqual([[], 4]);
    expect(first!.next).toEqual(expect.any(String));
    const second = await readHistory(client, TEAM_NUMBER, first!.next!, { mine: 'alice' });
    expect(second!.entries.map((e) => e.answeredBy)).toEqual(['alice', 'alice']);
    expect(second!.next).toBeNull();
    // The second page lists only what the first did not read (one request: 204 records of 1,204),
    // the legs of the call of the second it starts at, read again, and the page's recordings.
    expect(stats.requests).toBe(4 + 3);
  });

  it('finds a call handed to them after the cursor, older than a page of the team`s calls', async () => {
    const cursorAt = 100_000;
    // Long before the cursor, alice answered a call that erin was handed long after it; 60 calls bob answered since.
    const parent = inboundCall(new Date(T0 + 50_000_000), 150_000);
    const leg = (to: string, startS: number): CallRecord => ({ ...parent, sid: sid('CA'), parentCallSid: parent.sid, to, direction: 'outbound-dial', startTime: new Date(T0 + startS * 1000) });
    const calls = [parent, leg('client:alice', 50_000), leg('client:erin', 150_000), ...answeredBy('bob', 60, cursorAt - 100)];
    const { client } = fakeApi(calls, []);
    const page = await readHistory(client, TEAM_NUMBER, encodeCursor({ t: T0 + cursorAt * 1000, s: [] }), { mine: 'erin' });
    expect(page!.entries.map((e) => [e.id, e.answeredBy, e.transfers])).toEqual([[parent.sid, 'alice', ['erin']]]);
  });
});

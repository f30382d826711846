/**
 * An in-process stand-in for Twilio's REST API (the `httpClient` of the `twilio` client the
 * benchmarks' `context.getTwilioClient()` builds): it answers the few requests the benched
 * Functions and their baselines send with Twilio-shaped JSON, about one voicemail left on one
 * inbound call and one teammate's leg in that call's conference, and, on Sync, a team with no
 * sign-in failures, no revoked session and no voicemail marks on record; it refuses every other request, so a case
 * that strays from its path fails instead of being timed.
 */
import type { RequestClient } from 'twilio';

/** The inbound call from a phone to the team number. */
export const CALLER_CALL_SID = `CA${'a'.repeat(32)}`;
/** The voicemail recorded on it. */
export const VOICEMAIL_SID = `RE${'b'.repeat(32)}`;
/** A teammate's leg, in the caller's conference or dialled by the caller's `<Dial>` (and now over). */
export const TEAMMATE_LEG_SID = `CA${'c'.repeat(32)}`;
/** That call's conference (hold, transfer). */
export const CONFERENCE_SID = `CF${'d'.repeat(32)}`;
const CALLER_NUMBER = '+12125550199';
const STARTED = 'Fri, 27 Nov 2026 09:00:00 +0000';

interface FakeReply {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

const json = (statusCode: number, body: object | undefined): FakeReply => ({ statusCode, body: body ? JSON.stringify(body) : '', headers: { 'content-type': 'application/json' } });
/** Sync's "not found" (Document 54100, Map 54200, Map Item 54201), with Sync's clock as every answer of Twilio's carries it. */
const syncMissing = (code: number): FakeReply => {
  const reply = json(404, { code, message: 'Not found', more_info: `https://www.twilio.com/docs/errors/${code}`, status: 404 });
  return { ...reply, headers: { ...reply.headers, date: new Date().toUTCString() } };
};
/** A list page as the 2010 API answers it: the records under their resource's key, and no next page. */
const page = (key: string, records: object[]) =>
  json(200, { [key]: records, page: 0, page_size: 50, start: 0, end: records.length - 1, first_page_uri: '', next_page_uri: null, previous_page_uri: null, uri: '' });

function call(accountSid: string, sid: string, from: string, to: string, parentCallSid: string | null): object {
  const times = { date_created: STARTED, date_updated: STARTED, start_time: STARTED, end_time: STARTED, duration: '40' };
  return { sid, account_sid: accountSid, parent_call_sid: parentCallSid, from, to, status: 'completed', direction: parentCallSid ? 'outbound-dial' : 'inbound', caller_name: null, ...times };
}

/** REST requests answered so far, by API: what a benched request costs besides its Function invocation. */
export interface RestCounts {
  /** Voice API requests (api.twilio.com). */
  voice: number;
  /** Sync requests (sync.twilio.com). */
  sync: number;
}

/** The fake HTTP client for the account `env` describes (ACCOUNT_SID, CALLER_ID, SYNC_SERVICE_SID); it counts what it answers in `counts`. */
export function restFixtures(env: Readonly<Record<string, string>>, counts: RestCounts = { voice: 0, sync: 0 }): RequestClient {
  const account = env.ACCOUNT_SID;
  const calls = new Map([
    [CALLER_CALL_SID, call(account, CALLER_CALL_SID, CALLER_NUMBER, env.CALLER_ID, null)],
    [TEAMMATE_LEG_SID, call(account, TEAMMATE_LEG_SID, env.CALLER_ID, 'client:alice', CALLER_CALL_SID)],
  ]);
  const recording = {
    sid: VOICEMAIL_SID,
    account_sid: account,
    call_sid: CALLER_CALL_SID,
    status: 'completed',
    source: 'RecordVerb',
    duration: '17',
    start_time: STARTED,
    date_created: STARTED,
    channels: 1,
  };
  const conference = { sid: CONFERENCE_SID, account_sid: account, friendly_name: `sb-${CALLER_CALL_SID}`, status: 'in-progress' };
  const participant = { call_sid: TEAMMATE_LEG_SID, conference_sid: CONFERENCE_SID, label: 'alice', hold: false, status: 'connected' };
  const routes: Array<[method: string, path: RegExp, answer: (sid: string) => FakeReply | undefined]> = [
    ['get', /^Recordings$/, () => page('recordings', [recording])],
    ['get', /^Recordings\/(RE\w+)$/, (sid) => (sid === VOICEMAIL_SID ? json(200, recording) : undefined)],
    ['delete', /^Recordings\/(RE\w+)$/, (sid) => (sid === VOICEMAIL_SID ? json(204, undefined) : undefined)],
    ['get', /^Calls$/, () => page('calls', [calls.get(CALLER_CALL_SID)!])],
    ['get', /^Calls\/(CA\w+)$/, (sid) => (calls.has(sid) ? json(200, calls.get(sid)) : undefined)],
    ['post', /^Calls\/(CA\w+)$/, (sid) => (calls.has(sid) ? json(200, calls.get(sid)) : undefined)],
    ['get', /^Conferences$/, () => page('conferences', [conference])],
    ['get', /^Conferences\/(CF\w+)\/Participants$/, (sid) => (sid === CONFERENCE_SID ? page('participants', [participant]) : undefined)],
  ];
  // Sync: nobody has failed a sign-in or been signed out everywhere, nor marked a voicemail yet (no Map of marks).
  const syncRoutes: Array<[method: string, path: RegExp, answer: () => FakeReply]> = [
    ['get', /^Documents\/sign-in\.\w+$/, () => syncMissing(54100)],
    ['get', /^Maps\/team\/Items\/person\.\w+$/, () => syncMissing(54201)],
    ['get', /^Maps\/voicemail\/Items$/, () => syncMissing(54200)],
  ];
  const prefix = `/2010-04-01/Accounts/${account}/`;
  const syncPrefix = `/v1/Services/${env.SYNC_SERVICE_SID}/`;
  return {
    request(opts: { method: string; uri: string }): Promise<FakeReply> {
      const { hostname, pathname } = new URL(opts.uri);
      if (hostname === 'sync.twilio.com') {
        const syncPath = pathname.startsWith(syncPrefix) ? pathname.slice(syncPrefix.length) : '';
        const route = syncRoutes.find(([method, pattern]) => opts.method.toLowerCase() === method && pattern.test(syncPath));
        if (route) {
          counts.sync++;
          return Promise.resolve(route[2]());
        }
      }
      const path = hostname === 'api.twilio.com' && pathname.startsWith(prefix) ? pathname.slice(prefix.length).replace(/\.json$/, '') : '';
      for (const [method, pattern, answer] of routes) {
        const match = opts.method.toLowerCase() === method ? pattern.exec(path) : null;
        const reply = match && answer(match[1] ?? '');
        if (reply) {
          counts.voice++;
          return Promise.resolve(reply);
        }
      }
      return Promise.reject(new Error(`the benchmarks run offline: no fixture for ${opts.method} ${opts.uri}`));
    },
  } as unknown as RequestClient;
}

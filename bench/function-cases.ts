/**
 * The requests the Function benchmarks send: one per Function path users hit, each with the
 * minimal baseline Function (bench/baseline) that builds the same TwiML or JWT and nothing else.
 * Webhooks are signed exactly as Twilio signs them, so the measured path is the real one.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { loadConfig } from '../src/lib/config/config';
import { parseTeam } from '../src/lib/config/passcodes';
import { createVoiceToken } from '../src/lib/auth/voice-token';
import { EVERYONE } from '../src/lib/routing/file';
import { MAX_WAVES, wavePath } from '../src/lib/routing/paths';
import { webhookUrl } from '../src/lib/runtime/webhook-signature';
import { DIST } from '../build/build';
import { DEMO_TEAM, demoConfig } from '../simulator/demo-config';
import type { KnownScrypt } from './function-runtime';
import { CALLER_CALL_SID, CONFERENCE_SID, TEAMMATE_LEG_SID, VOICEMAIL_SID } from './rest-fixtures';

/** The DOMAIN_NAME the local runtime gives Functions. */
export const DOMAIN_NAME = 'localhost:3000';
/** Where `npm run build` puts the Functions. */
export const FUNCTIONS_DIR = join(DIST, 'functions');
/** The minimal Functions the figures are compared with. */
export const BASELINE_DIR = join(__dirname, 'baseline');

/** One request to time, against one Function and its baseline. */
export interface FunctionCase {
  /** e.g. "voice inbound (ring group)" */
  name: string;
  /** Built Function in dist/functions. */
  fn: string;
  /** Baseline Function in bench/baseline. */
  baseline: string;
  path: string;
  params: Record<string, string>;
  /** A GET /token request carries Basic credentials instead of a Twilio signature. */
  basicAuth?: boolean;
  /** A data Function's request carries the page's access token (`Authorization: Bearer`) instead. */
  bearer?: boolean;
  /** A `/token` renewal: the signed-in teammate's own current token as `Bearer`. */
  renews?: boolean;
  /** Variables that differ from the demo's for this case ('' leaves one unset). */
  env?: Record<string, string>;
  /** The status both must answer, when not 200. */
  status?: number;
  /** What the Function does that its baseline skips, shown under the table. */
  note?: string;
}

/** A demo team's environment, as `.env` would hold it. */
export interface BenchEnv {
  env: Record<string, string>;
  identity: string;
  passcode: string;
  /** The scrypt result of the identity's passcode, for timing /token without it. */
  scrypt: KnownScrypt;
  /** A teammate's current access token, as the page sends it to the data Functions. */
  bearer: string;
  /** The current access token of `identity`, as the page renews it. */
  renewal: string;
}

/** The simulator's demo configuration (alice, bob, carol), all with one passcode. */
export async function benchEnv(): Promise<BenchEnv> {
  const passcode = 'correct horse battery';
  const { env } = await demoConfig({}, passcode);
  const identity = DEMO_TEAM[0];
  const hash = parseTeam(env.TEAM).members.get(identity)!;
  const [, salt, key] = hash.split('$');
  const bearer = `Bearer ${createVoiceToken(loadConfig(env), DEMO_TEAM[1]).token}`;
  const renewal = `Bearer ${createVoiceToken(loadConfig(env), identity).token}`;
  return { env, identity, passcode, scrypt: { passcode, salt, key }, bearer, renewal };
}

/** The routing step of the default routing's last ring wave (the build writes one per wave, build/routing-build.ts). */
const LAST_WAVE = wavePath(EVERYONE, MAX_WAVES);

function webhookParams(env: Record<string, string>, params: Record<string, string>): Record<string, string> {
  return { AccountSid: env.ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: `CA${randomBytes(16).toString('hex')}`, ...params };
}

/** The environment of `testCase`: the demo's, with the case's own variables ('' unsets one). */
export function caseEnv(bench: BenchEnv, testCase: FunctionCase): Record<string, string> {
  const env = { ...bench.env, ...testCase.env };
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}

/** Every case, in the order of the table. */
export function functionCases({ env }: BenchEnv): FunctionCase[] {
  const browserCall = (to: string) =>
    webhookParams(env, { ApplicationSid: env.TWIML_APP_SID, CallStatus: 'ringing', Direction: 'inbound', From: 'client:alice', Caller: 'client:alice', To: to, Called: '' });
  const unsigned = 'the Function also checks X-Twilio-Signature, which the baseline skips';
  const verifiesBearer = 'the Function verifies the Bearer token (HS256) and TEAM';
  const checksBearer = `${verifiesBearer}, and that the session was not revoked (Sync: nobody was), which the baseline skips`;
  const noSync = { SYNC_SERVICE_SID: '' };
  const recording = {
    CallSid: CALLER_CALL_SID,
    RecordingSid: VOICEMAIL_SID,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${env.ACCOUNT_SID}/Recordings/${VOICEMAIL_SID}`,
    RecordingDuration: '17',
  };
  const phoneCall = { From: '+12125550199', Caller: '+12125550199', To: env.CALLER_ID, Called: env.CALLER_ID, Direction: 'inbound', FromCity: 'NEW YORK', FromState: 'NY', FromCountry: 'US' };
  return [
    {
      name: 'token',
      fn: 'token.js',
      baseline: 'token.js',
      path: '/token',
      params: {},
      basicAuth: true,
      note: "includes one scrypt (N=16384) by design, and reads the name's sign-in failures from Sync (none on record); the baseline checks no credentials",
    },
    {
      name: 'token, no SYNC_SERVICE_SID',
      fn: 'token.js',
      baseline: 'token.js',
      path: '/token',
      params: {},
      basicAuth: true,
      env: noSync,
      note: "the sign-in as before the team's store: one scrypt, no throttle",
    },
    { name: 'token renewal', fn: 'token.js', baseline: 'token.js', path: '/token', params: {}, renews: true, note: `${checksBearer}; no scrypt` },
    {
      name: 'token renewal, no SYNC_SERVICE_SID',
      fn: 'token.js',
      baseline: 'token.js',
      path: '/token',
      params: {},
      renews: true,
      env: noSync,
      note: `${verifiesBearer}: the renewal as before the team's store, nothing revocable`,
    },
    { name: 'voice outbound (teammate)', fn: 'voice.protected.js', baseline: 'voice-teammate.js', path: '/voice', params: browserCall('bob'), note: unsigned },
    {
      name: 'voice outbound (phone)',
      fn: 'voice.protected.js',
      baseline: 'voice-phone.js',
      path: '/voice',
      params: browserCall('+1 (212) 555-0142'),
      note: `${unsigned}, and applies the libphonenumber-js dialling policy`,
    },
    { name: 'voice inbound (ring group)', fn: 'voice.protected.js', baseline: 'voice-inbound.js', path: '/voice', params: webhookParams(env, { ...phoneCall, CallStatus: 'ringing' }), note: unsigned },
    {
      name: 'fallback',
      fn: 'fallback.protected.js',
      baseline: 'fallback.js',
      path: '/fallback',
      params: webhookParams(env, { ...phoneCall, ErrorCode: '11200', ErrorUrl: `https://${DOMAIN_NAME}/voice` }),
      note: `${unsigned}, and logs one JSON line`,
    },
    {
      name: 'status',
      fn: 'status.protected.js',
      baseline: 'status.js',
      path: '/status',
      params: webhookParams(env, { ...phoneCall, CallStatus: 'completed', CallDuration: '42', Timestamp: new Date().toUTCString(), SequenceNumber: '0' }),
      note: `${unsigned}, and logs one JSON line`,
    },
    {
      name: 'dial-complete',
      fn: 'dial-complete.protected.js',
      baseline: 'voicemail-prompt.js',
      path: '/dial-complete',
      params: webhookParams(env, { ...phoneCall, CallStatus: 'in-progress', DialCallStatus: 'no-answer' }),
      note: unsigned,
    },
    {
      name: 'forward-complete (no answer)',
      fn: 'forward-complete.protected.js',
      baseline: 'voicemail-prompt.js',
      path: '/forward-complete',
      params: webhookParams(env, { ...phoneCall, CallStatus: 'in-progress', DialCallStatus: 'no-answer' }),
      note: unsigned,
    },
    {
      name: 'routing step (last wave unanswered)',
      fn: `${LAST_WAVE.slice(1)}.protected.js`,
      baseline: 'voicemail-prompt.js',
      path: LAST_WAVE,
      params: webhookParams(env, { ...phoneCall, CallStatus: 'in-progress', DialCallStatus: 'no-answer' }),
      note: unsigned,
    },
    {
      name: 'voicemail-recorded',
      fn: 'voicemail-recorded.protected.js',
      baseline: 'voicemail-recorded.js',
      path: '/voicemail-recorded',
      params: webhookParams(env, { ...phoneCall, CallStatus: 'completed', ...recording, Digits: 'hangup' }),
      note: unsigned,
    },
    {
      name: 'recording-status',
      fn: 'recording-status.protected.js',
      baseline: 'status.js',
      path: '/recording-status',
      params: webhookParams(env, { ...recording, RecordingStatus: 'completed', RecordingSource: 'RecordVerb', RecordingStartTime: new Date().toUTCString() }),
      note: `${unsigned}, and logs one JSON line`,
    },
    {
      name: 'hold-music',
      fn: 'hold-music.protected.js',
      baseline: 'hold-music.js',
      path: '/hold-music',
      params: webhookParams(env, { ...phoneCall, CallStatus: 'in-progress', ConferenceSid: CONFERENCE_SID }),
      note: unsigned,
    },
    {
      name: 'transfer-complete (answered, over)',
      fn: 'transfer-complete.protected.js',
      baseline: 'transfer-complete.js',
      path: '/transfer-complete',
      params: webhookParams(env, { ...phoneCall, CallSid: CALLER_CALL_SID, CallStatus: 'in-progress', DialCallStatus: 'completed', DialCallSid: TEAMMATE_LEG_SID }),
      note: `${unsigned}; both fetch the dialled leg (REST fixtures)`,
    },
    {
      name: 'transfer-answered',
      fn: 'transfer-answered.protected.js',
      baseline: 'transfer-answered.js',
      path: '/transfer-answered',
      params: webhookParams(env, { CallSid: `CA${'e'.repeat(32)}`, ParentCallSid: CALLER_CALL_SID, From: env.CALLER_ID, To: 'client:bob', CallStatus: 'in-progress', Direction: 'outbound-dial' }),
      note: `${unsigned}; both send the same 4 REST requests (REST fixtures)`,
    },
    {
      name: 'voicemail',
      fn: 'voicemail.js',
      baseline: 'voicemail.js',
      path: '/voicemail',
      params: {},
      bearer: true,
      note: `${checksBearer}, and which recordings are team voicemails; both list recordings and calls, and read the team's marks (a team that has none yet: REST fixtures)`,
    },
    {
      name: 'voicemail-delete',
      fn: 'voicemail-delete.js',
      baseline: 'voicemail-delete.js',
      path: '/voicemail-delete',
      params: { id: VOICEMAIL_SID },
      bearer: true,
      env: noSync,
      note: `${verifiesBearer}, which the baseline skips; both fetch the recording and its call and delete it (REST fixtures); without SYNC_SERVICE_SID, so the deletion's trace and the team's tags (Sync writes) are not benched`,
    },
    {
      name: 'calls, cursor refused → 400',
      fn: 'calls.js',
      baseline: 'data-error.js',
      path: '/calls',
      params: { before: 'not-a-cursor' },
      bearer: true,
      status: 400,
      note: `${checksBearer}; the history itself is not benched (its REST paging needs more fixtures)`,
    },
    {
      name: 'recording, unknown id → 404',
      fn: 'recording.js',
      baseline: 'data-error.js',
      path: '/recording',
      params: { id: 'RE-unknown' },
      bearer: true,
      status: 404,
      note: `${checksBearer}; the audio itself is not benched (it is fetched outside the REST client)`,
    },
    {
      name: 'sign-out-everywhere, no SYNC_SERVICE_SID → 503',
      fn: 'sign-out-everywhere.js',
      baseline: 'data-error.js',
      path: '/sign-out-everywhere',
      params: {},
      bearer: true,
      env: noSync,
      status: 503,
      note: `${verifiesBearer}, which the baseline skips; the revocation itself is not benched (it waits for Sync's next second by design)`,
    },
    {
      name: 'call-control, unknown action → 400',
      fn: 'call-control.js',
      baseline: 'data-error.js',
      path: '/call-control',
      params: { action: 'juggle', target: 'carol' },
      bearer: true,
      status: 400,
      note: `${checksBearer}; hold and transfer themselves are not benched (each needs many REST answers)`,
    },
    {
      name: 'call-recording, unknown action → 400',
      fn: 'call-recording.js',
      baseline: 'data-error.js',
      path: '/call-recording',
      params: { action: 'rewind', callSid: TEAMMATE_LEG_SID },
      bearer: true,
      status: 400,
      note: `${checksBearer}; start, pause and stop themselves are not benched (each needs several REST answers)`,
    },
    {
      name: 'recording-link, unknown id → 404',
      fn: 'recording-link.js',
      baseline: 'data-error.js',
      path: '/recording-link',
      params: { id: 'RE-unknown' },
      bearer: true,
      status: 404,
      note: checksBearer,
    },
    {
      name: 'recording-delete, unknown id → 404',
      fn: 'recording-delete.js',
      baseline: 'data-error.js',
      path: '/recording-delete',
      params: { id: 'RE-unknown' },
      bearer: true,
      status: 404,
      note: checksBearer,
    },
    {
      name: 'recording-notice (RECORD_CALLS off)',
      fn: 'recording-notice.protected.js',
      baseline: 'status.js',
      path: '/recording-notice',
      params: webhookParams(env, { CallSid: TEAMMATE_LEG_SID, ParentCallSid: CALLER_CALL_SID, From: env.CALLER_ID, To: 'client:bob', CallStatus: 'in-progress', Direction: 'outbound-dial' }),
      note: `${unsigned}; with recording on, a phone answering hears the notice`,
    },
  ];
}

/** The headers Twilio (or, for /token and the data Functions, the page) sends with this case's request. */
export function requestHeaders(testCase: FunctionCase, bench: BenchEnv): Record<string, string> {
  const headers: Record<string, string> = { host: DOMAIN_NAME, 'user-agent': 'TwilioProxy/1.1', accept: '*/*' };
  if (testCase.basicAuth) {
    const basic = `Basic ${Buffer.from(`${bench.identity}:${bench.passcode}`).toString('base64')}`;
    return { ...headers, authorization: basic, 'x-requested-with': 'fetch' };
  }
  if (testCase.renews) return { ...headers, authorization: bench.renewal, 'x-requested-with': 'fetch' };
  headers['content-type'] = 'application/x-www-form-urlencoded';
  if (testCase.bearer) return { ...headers, authorization: bench.bearer, 'x-requested-with': 'fetch' };
  headers['x-twilio-signature'] = getExpectedTwilioSignature(bench.env.AUTH_TOKEN, webhookUrl(DOMAIN_NAME, testCase.path), testCase.params);
  return headers;
}

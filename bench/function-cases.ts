/**
 * The requests the Function benchmarks send: one per Function path users hit, each with the
 * minimal baseline Function (bench/baseline) that builds the same TwiML or JWT and nothing else.
 * Webhooks are signed exactly as Twilio signs them, so the measured path is the real one.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { parseTeam } from '../src/lib/passcodes';
import { webhookUrl } from '../src/lib/webhooks';
import { DIST } from '../tools/build';
import { DEMO_TEAM, demoConfig } from '../simulator/demo-config';
import type { KnownScrypt } from './function-runtime';

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
  /** What the Function does that its baseline skips, shown under the table. */
  note?: string;
}

/** A demo team's environment, as `.env` would hold it (design §3). */
export interface BenchEnv {
  env: Record<string, string>;
  identity: string;
  passcode: string;
  /** The scrypt result of the identity's passcode, for timing /token without it. */
  scrypt: KnownScrypt;
}

/** The simulator's demo configuration (alice, bob, carol), all with one passcode. */
export async function benchEnv(): Promise<BenchEnv> {
  const passcode = 'correct horse battery';
  const { env } = await demoConfig({}, passcode);
  const identity = DEMO_TEAM[0];
  const hash = parseTeam(env.TEAM).members.get(identity)!;
  const [, salt, key] = hash.split('$');
  return { env, identity, passcode, scrypt: { passcode, salt, key } };
}

function webhookParams(env: Record<string, string>, params: Record<string, string>): Record<string, string> {
  return { AccountSid: env.ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: `CA${randomBytes(16).toString('hex')}`, ...params };
}

/** Every case, in the order of the table. */
export function functionCases({ env }: BenchEnv): FunctionCase[] {
  const browserCall = (to: string) =>
    webhookParams(env, { ApplicationSid: env.TWIML_APP_SID, CallStatus: 'ringing', Direction: 'inbound', From: 'client:alice', Caller: 'client:alice', To: to, Called: '' });
  const unsigned = 'the Function also checks X-Twilio-Signature (design §4), which the baseline skips';
  const phoneCall = { From: '+12125550199', Caller: '+12125550199', To: env.CALLER_ID, Called: env.CALLER_ID, Direction: 'inbound', FromCity: 'NEW YORK', FromState: 'NY', FromCountry: 'US' };
  return [
    { name: 'token', fn: 'token.js', baseline: 'token.js', path: '/token', params: {}, basicAuth: true, note: 'includes one scrypt (N=16384) by design; the baseline checks no credentials' },
    { name: 'voice outbound (teammate)', fn: 'voice.protected.js', baseline: 'voice-teammate.js', path: '/voice', params: browserCall('bob'), note: unsigned },
    { name: 'voice outbound (phone)', fn: 'voice.protected.js', baseline: 'voice-phone.js', path: '/voice', params: browserCall('+1 (212) 555-0142'), note: `${unsigned}, and applies the libphonenumber-js dialling policy` },
    { name: 'voice inbound (ring group)', fn: 'voice.protected.js', baseline: 'voice-inbound.js', path: '/voice', params: webhookParams(env, { ...phoneCall, CallStatus: 'ringing' }), note: unsigned },
    { name: 'fallback', fn: 'fallback.protected.js', baseline: 'fallback.js', path: '/fallback', params: webhookParams(env, { ...phoneCall, ErrorCode: '11200', ErrorUrl: `https://${DOMAIN_NAME}/voice` }), note: `${unsigned}, and logs one JSON line` },
    { name: 'status', fn: 'status.protected.js', baseline: 'status.js', path: '/status', params: webhookParams(env, { ...phoneCall, CallStatus: 'completed', CallDuration: '42', Timestamp: new Date().toUTCString(), SequenceNumber: '0' }), note: `${unsigned}, and logs one JSON line` },
    { name: 'dial-complete', fn: 'dial-complete.protected.js', baseline: 'dial-complete.js', path: '/dial-complete', params: webhookParams(env, { ...phoneCall, CallStatus: 'in-progress', DialCallStatus: 'no-answer' }), note: unsigned },
  ];
}

/** The headers Twilio (or, for /token, the page) sends with this case's request. */
export function requestHeaders(testCase: FunctionCase, bench: BenchEnv): Record<string, string> {
  const headers: Record<string, string> = { host: DOMAIN_NAME, 'user-agent': 'TwilioProxy/1.1', accept: '*/*' };
  if (testCase.basicAuth) {
    headers.authorization = `Basic ${Buffer.from(`${bench.identity}:${bench.passcode}`).toString('base64')}`;
    headers['x-requested-with'] = 'fetch';
    return headers;
  }
  const url = webhookUrl(DOMAIN_NAME, testCase.path);
  headers['content-type'] = 'application/x-www-form-urlencoded';
  headers['x-twilio-signature'] = getExpectedTwilioSignature(bench.env.AUTH_TOKEN, url, testCase.params);
  return headers;
}

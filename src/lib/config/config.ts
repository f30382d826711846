import type { CountryCode } from 'libphonenumber-js';
import type { Platform } from '../contract/token';
import { RECORD_CALLS_MODES, type RecordCalls } from '../contract/recording';
import { ConfigError } from './config-error';
import { parseTeam, teamText, VARIABLE_VALUE_LIMIT } from './passcodes';

/** Twilio regions an API key can live in, and the Voice SDK edge that serves each. */
export const REGION_EDGES = { us1: 'ashburn', ie1: 'dublin', au1: 'sydney' } as const;
export type Region = keyof typeof REGION_EDGES;

/** Everything the Functions need, typed and checked once (README "Configuration"). */
export interface Config {
  readonly accountSid: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly twimlAppSid: string;
  readonly callerId: string;
  /** identity → scrypt hash */
  readonly team: ReadonlyMap<string, string>;
  readonly allowedCountries: readonly CountryCode[];
  readonly tokenTtl: number;
  /** SESSION_MAX_HOURS in whole seconds: how long tokens are renewed after a passcode sign-in. */
  readonly sessionMaxSeconds: number;
  readonly ringTimeout: number;
  readonly forwardTo?: string;
  readonly region?: Region;
  readonly pushCredentialSids: Readonly<Partial<Record<Platform, string>>>;
  /** The Sync Service (IS…) holding the team's shared state; calls work without it. */
  readonly syncServiceSid?: string;
  /** What a caller nobody took hears before the beep (VOICEMAIL_GREETING). */
  readonly voicemailGreeting: string;
  /** Longest voicemail in seconds (VOICEMAIL_MAX_SECONDS). */
  readonly voicemailMaxSeconds: number;
  /** Which calls are recorded (RECORD_CALLS): none, on a teammate's request, or every answered one. */
  readonly recordCalls: RecordCalls;
  /** What callers hear when their call may be recorded (RECORDING_NOTICE). */
  readonly recordingNotice: string;
}

/** The greeting when VOICEMAIL_GREETING is not set. */
export const DEFAULT_VOICEMAIL_GREETING = 'Sorry, nobody on the team can take your call. Please leave a message after the beep.';

/** The notice when RECORDING_NOTICE is not set. */
export const DEFAULT_RECORDING_NOTICE = 'This call may be recorded.';

/**
 * Longest VOICEMAIL_GREETING and RECORDING_NOTICE (and each must fit Twilio's 450 bytes per
 * variable): a small part of the 3 KB every Function's environment must fit in (error 82006;
 * setup, deploy and doctor add it up).
 */
export const MAX_GREETING_LENGTH = 300;

export type Env = Readonly<Record<string, string | undefined>>;

const E164 = /^\+[1-9]\d{6,14}$/;
const sidPattern = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

/**
 * Reads a configuration from the environment and lists every problem, each naming its
 * variable, so `npm start`, `npm run doctor` and the Functions report them alike.
 */
export function readConfig(env: Env): { config?: Config; problems: ConfigError[] } {
  const problems: ConfigError[] = [];
  const fail = (variable: string, detail: string) => problems.push(new ConfigError(variable, detail));

  const sid = (variable: string, prefix: string, required = true): string | undefined => {
    const value = env[variable]?.trim();
    if (!value) {
      if (required) fail(variable, `is missing (a ${prefix}… SID)`);
      return undefined;
    }
    if (!sidPattern(prefix).test(value)) {
      const found = /^[A-Z]{2}/.test(value) ? ` (this one starts with ${value.slice(0, 2)})` : '';
      fail(variable, `must be a ${prefix} SID: ${prefix} followed by 32 hex digits${found}`);
    }
    return value;
  };
  const seconds = (variable: string, fallback: number, min: number, max: number): number => {
    const raw = env[variable]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      fail(variable, `must be a whole number of seconds from ${min} to ${max}, not "${raw}"`);
      return fallback;
    }
    return value;
  };
  const hours = (variable: string, fallback: number, min: number, max: number): number => {
    const raw = env[variable]?.trim();
    if (!raw) return fallback;
    const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) {
      fail(variable, `must be a number of hours from ${min} to ${max} (decimals allowed, e.g. 8 or 0.5), not "${raw}"`);
      return fallback;
    }
    return value;
  };
  const phone = (variable: string, required: boolean): string | undefined => {
    const value = env[variable]?.trim();
    if (!value) {
      if (required) fail(variable, 'is missing (an E.164 number such as +14155550100)');
      return undefined;
    }
    if (!E164.test(value)) fail(variable, `must be an E.164 number such as +14155550100, not "${value}"`);
    return value;
  };

  const accountSid = sid('ACCOUNT_SID', 'AC');
  const apiKey = sid('API_KEY', 'SK');
  const twimlAppSid = sid('TWIML_APP_SID', 'AP');
  const apiSecret = env.API_SECRET?.trim();
  if (!apiSecret) fail('API_SECRET', 'is missing (the secret shown once when the API key was created)');
  const callerId = phone('CALLER_ID', true);
  const forwardTo = phone('FORWARD_TO', false);

  const team = parseTeam(teamText(env));
  if (team.members.size === 0) fail('TEAM', 'has no valid member; add one with `npm run team -- add <identity>`');
  for (const problem of team.problems) fail('TEAM', problem);

  const countries = (env.ALLOWED_COUNTRIES?.trim() || 'US,CA')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  // Only the form is checked here: which codes exist is libphonenumber-js's knowledge, and loading
  // it would cost every cold Function ~30 ms (`npm run doctor` checks them with unknownCountries).
  const malformed = countries.filter((c) => !/^[A-Z]{2}$/.test(c));
  if (malformed.length) fail('ALLOWED_COUNTRIES', `must be two-letter ISO country codes separated by commas, not ${malformed.join(', ')}`);

  const regionValue = env.REGION?.trim().toLowerCase() || undefined;
  if (regionValue && !(regionValue in REGION_EDGES)) fail('REGION', `must be one of ${Object.keys(REGION_EDGES).join(', ')}`);

  const syncServiceSid = sid('SYNC_SERVICE_SID', 'IS', false);
  const pushCredentialSids = {
    ios: sid('PUSH_CREDENTIAL_SID_IOS', 'CR', false),
    android: sid('PUSH_CREDENTIAL_SID_ANDROID', 'CR', false),
  };

  const tokenTtl = seconds('TOKEN_TTL', 3600, 10, 86400);
  const ringTimeout = seconds('RING_TIMEOUT', 20, 5, 600);
  // At most 24 h: every token ends by the session's end, so none lives longer after its `nbf` (the
  // session start) than Twilio's 24-hour token limit. At least 0.003 h (about 11 s, TOKEN_TTL's minimum).
  const sessionMaxSeconds = Math.round(hours('SESSION_MAX_HOURS', 12, 0.003, 24) * 3600);
  // <Record maxLength> takes hours, but /recording passes the MP3 through a Function response:
  // 10 minutes at 32 kbit/s is 2.4 MB, within what a Function may answer.
  const voicemailMaxSeconds = seconds('VOICEMAIL_MAX_SECONDS', 120, 5, 600);
  const voicemailGreeting = spokenText(env, 'VOICEMAIL_GREETING', DEFAULT_VOICEMAIL_GREETING, fail);
  const { recordCalls, recordingNotice } = readRecordingSettings(env, fail);

  // Problems that only skip one TEAM entry still leave a working configuration.
  const fatal = problems.filter((p) => !(p.variable === 'TEAM' && team.members.size > 0));
  if (fatal.length) return { problems };
  return {
    problems,
    config: {
      accountSid: accountSid!,
      apiKey: apiKey!,
      apiSecret: apiSecret!,
      twimlAppSid: twimlAppSid!,
      callerId: callerId!,
      team: team.members,
      allowedCountries: countries as CountryCode[],
      tokenTtl,
      sessionMaxSeconds,
      ringTimeout,
      forwardTo,
      region: regionValue as Region | undefined,
      pushCredentialSids,
      syncServiceSid,
      voicemailGreeting,
      voicemailMaxSeconds,
      recordCalls,
      recordingNotice,
    },
  };
}

/** A sentence Twilio speaks to callers, from `variable` (or `fallback`): short enough for the environment. */
function spokenText(env: Env, variable: string, fallback: string, fail: (variable: string, detail: string) => void): string {
  const text = env[variable]?.trim() || fallback;
  const length = [...text].length;
  const bytes = new TextEncoder().encode(text).length;
  if (length > MAX_GREETING_LENGTH) fail(variable, `must be at most ${MAX_GREETING_LENGTH} characters (this one has ${length}); a short sentence is best`);
  else if (bytes > VARIABLE_VALUE_LIMIT) fail(variable, `has ${bytes} bytes; Twilio keeps at most ${VARIABLE_VALUE_LIMIT} bytes in one variable, so shorten it`);
  return text;
}

/**
 * RECORD_CALLS and RECORDING_NOTICE, each problem passed to `fail` with its fix. The build checks
 * these alone (the rest of .env may not be written yet); readConfig with everything else.
 */
export function readRecordingSettings(env: Env, fail: (variable: string, detail: string) => void): Pick<Config, 'recordCalls' | 'recordingNotice'> {
  const raw = env.RECORD_CALLS?.trim().toLowerCase() || 'off';
  const known = (RECORD_CALLS_MODES as readonly string[]).includes(raw);
  if (!known)
    fail(
      'RECORD_CALLS',
      `must be off, on-demand or always, not "${env.RECORD_CALLS!.trim().slice(0, 40)}": on-demand gives the call panel a Record button, always records every answered call from its answer`,
    );
  const recordingNotice = spokenText(env, 'RECORDING_NOTICE', DEFAULT_RECORDING_NOTICE, fail);
  return { recordCalls: known ? (raw as RecordCalls) : 'off', recordingNotice };
}

let cached: { key: string; config: Config } | undefined;

/**
 * The configuration, or throws the first fatal ConfigError. Cached per environment so a warm
 * Function pays for parsing once; skipped TEAM entries are logged once, not per request.
 */
export function loadConfig(env: Env): Config {
  const key = [...CONFIG_VARIABLES.map((name) => env[name] ?? ''), teamText(env)].join('\n');
  if (cached?.key === key) return cached.config;
  const { config, problems } = readConfig(env);
  if (!config) throw problems.find((p) => p.variable !== 'TEAM') ?? problems[0];
  for (const problem of problems) console.warn(`Switchboard configuration: ${problem.message}`);
  cached = { key, config };
  return config;
}

/** Every variable `readConfig` reads, besides TEAM's continuations TEAM_2, TEAM_3, …. */
export const CONFIG_VARIABLES = [
  'ACCOUNT_SID',
  'API_KEY',
  'API_SECRET',
  'TWIML_APP_SID',
  'CALLER_ID',
  'TEAM',
  'ALLOWED_COUNTRIES',
  'TOKEN_TTL',
  'SESSION_MAX_HOURS',
  'RING_TIMEOUT',
  'FORWARD_TO',
  'REGION',
  'PUSH_CREDENTIAL_SID_IOS',
  'PUSH_CREDENTIAL_SID_ANDROID',
  'VOICEMAIL_GREETING',
  'VOICEMAIL_MAX_SECONDS',
  'SYNC_SERVICE_SID',
  'RECORD_CALLS',
  'RECORDING_NOTICE',
] as const;

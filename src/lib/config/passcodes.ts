import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt parameters of every stored hash (`scrypt$<salt>$<key>`); changing them invalidates all of them. */
const KEY_LENGTH = 32;
const SCRYPT_OPTIONS = { N: 16384, r: 8, p: 1 } as const;

/** Identities the Voice SDK can place and receive calls with (docs/twilio-limits.md). */
export const IDENTITY_PATTERN = /^[A-Za-z0-9_]{1,64}$/;

export function isValidIdentity(identity: string): boolean {
  return IDENTITY_PATTERN.test(identity);
}

function derive(passcode: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(passcode, salt, KEY_LENGTH, SCRYPT_OPTIONS, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `scrypt$<salt>$<key>`, both base64url, with a fresh 16-byte salt. */
export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(passcode, salt);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash {
  salt: Buffer;
  key: Buffer;
}

function parseHash(hash: string): ParsedHash | undefined {
  const match = /^scrypt\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43})$/.exec(hash);
  if (!match) return undefined;
  const key = Buffer.from(match[2], 'base64url');
  return key.length === KEY_LENGTH ? { salt: Buffer.from(match[1], 'base64url'), key } : undefined;
}

export function isValidPasscodeHash(hash: string): boolean {
  return parseHash(hash) !== undefined;
}

/** Hash checked when the identity is unknown, so a stranger takes as long as a member. */
const DECOY: ParsedHash = { salt: Buffer.alloc(16), key: Buffer.alloc(KEY_LENGTH) };

/**
 * True when `passcode` matches `hash`. Always runs one scrypt and a constant-time compare,
 * also for a missing or malformed hash, so timing tells nothing about who is on the team.
 */
export async function verifyPasscode(passcode: string, hash: string | undefined): Promise<boolean> {
  const parsed = (hash && parseHash(hash)) || undefined;
  const { salt, key } = parsed ?? DECOY;
  const candidate = await derive(passcode, salt);
  return timingSafeEqual(candidate, key) && parsed !== undefined;
}

/** The team of `TEAM`: identity → hash, plus a description of every entry that was skipped. */
export interface Team {
  readonly members: ReadonlyMap<string, string>;
  readonly problems: readonly string[];
}

/**
 * Parses `identity:passhash,identity:passhash,…`. A malformed entry is skipped and described in
 * `problems` (without its hash), so one typo locks out one person rather than the whole team.
 */
export function parseTeam(value: string | undefined): Team {
  const members = new Map<string, string>();
  const problems: string[] = [];
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const identity = colon < 0 ? '' : entry.slice(0, colon);
    const hash = entry.slice(colon + 1);
    if (!isValidIdentity(identity)) {
      problems.push(`entry ${index + 1} has no valid identity (1–64 letters, digits or _ before the ':')`);
    } else if (!isValidPasscodeHash(hash)) {
      problems.push(`entry ${index + 1} (${identity}) has no valid scrypt$salt$key hash; run \`npm run team -- add ${identity}\``);
    } else if (members.has(identity)) {
      problems.push(`entry ${index + 1} repeats ${identity}; the first one counts`);
    } else {
      members.set(identity, hash);
    }
  });
  return { members, problems };
}

/**
 * Twilio keeps at most 450 bytes in one environment variable, about five members; a larger team
 * continues in TEAM_2, TEAM_3, … (read in that order).
 */
export const VARIABLE_VALUE_LIMIT = 450;
const TEAM_VARIABLE = /^TEAM(?:_([2-9]|[1-9]\d+))?$/;

/** The names of the team variables present in `env`, in reading order (TEAM, TEAM_2, TEAM_3, …). */
export function teamVariableNames(env: Readonly<Record<string, unknown>>): string[] {
  const index = (name: string) => Number(TEAM_VARIABLE.exec(name)?.[1] ?? 1);
  return Object.keys(env)
    .filter((name) => TEAM_VARIABLE.test(name))
    .sort((a, b) => index(a) - index(b));
}

/** The whole team as one `identity:passhash,…` text, from TEAM and its continuations. */
export function teamText(env: Readonly<Record<string, string | undefined>>): string {
  return teamVariableNames(env)
    .map((name) => env[name] ?? '')
    .filter((value) => value.trim())
    .join(',');
}

/**
 * Serialises a team into TEAM, TEAM_2, … each within Twilio's 450-byte limit. Continuations that
 * `previous` has but the team no longer needs come back empty, so nobody removed stays valid.
 */
export function teamVariables(members: ReadonlyMap<string, string>, previous: Readonly<Record<string, unknown>> = {}): Record<string, string> {
  const chunks: string[] = [''];
  for (const [identity, hash] of members) {
    const entry = `${identity}:${hash}`;
    const last = chunks.length - 1;
    if (chunks[last] && chunks[last].length + 1 + entry.length > VARIABLE_VALUE_LIMIT) chunks.push(entry);
    else chunks[last] = chunks[last] ? `${chunks[last]},${entry}` : entry;
  }
  const variables: Record<string, string> = {};
  for (const name of teamVariableNames(previous)) variables[name] = '';
  chunks.forEach((chunk, i) => (variables[i === 0 ? 'TEAM' : `TEAM_${i + 1}`] = chunk));
  return variables;
}

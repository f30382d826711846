/**
 * The demo configuration `npm start` and the tests run the simulator with: made-up SIDs and
 * secrets (never valid at Twilio), a team of alice, bob and carol, and a demo team number.
 * Configuration variables given by the caller override the defaults.
 */
import { randomBytes } from 'node:crypto';
import { hashPasscode } from '../src/lib/config/passcodes';

/** The demo team. */
export const DEMO_TEAM = ['alice', 'bob', 'carol'] as const;
/** The demo team number: a 555-01xx number, reserved for fiction, that libphonenumber accepts. */
export const DEMO_TEAM_NUMBER = '+14155550100';
/** A number `npm start` suggests for the simulated PSTN phone. */
export const DEMO_PHONE_NUMBER = '+14155550123';

export interface DemoConfig {
  /** The complete environment for the Functions (what twilio-run gets as .env). */
  env: Record<string, string>;
  /** identity → passcode, for printing and for tests that sign in (empty when TEAM was given). */
  passcodes: Record<string, string>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const sid = (prefix: string) => `${prefix}${hex(16)}`;

/** A passcode people can type: 12 characters from an alphabet without look-alikes. */
export function randomPasscode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * Builds a demo environment. `overrides` (e.g. TOKEN_TTL, RING_TIMEOUT, FORWARD_TO) win over the
 * defaults; `passcode` gives every demo member the same passcode, random ones otherwise.
 */
export async function demoConfig(overrides: Readonly<Record<string, string | undefined>> = {}, passcode?: string): Promise<DemoConfig> {
  const passcodes = Object.fromEntries(DEMO_TEAM.map((identity) => [identity, passcode ?? randomPasscode()]));
  const hashes = await Promise.all(DEMO_TEAM.map(async (identity) => `${identity}:${await hashPasscode(passcodes[identity])}`));
  const defaults: Record<string, string> = {
    ACCOUNT_SID: sid('AC'),
    AUTH_TOKEN: hex(16),
    API_KEY: sid('SK'),
    API_SECRET: hex(16),
    TWIML_APP_SID: sid('AP'),
    CALLER_ID: DEMO_TEAM_NUMBER,
    TEAM: hashes.join(','),
    ALLOWED_COUNTRIES: 'US,CA',
    TOKEN_TTL: '3600',
    RING_TIMEOUT: '20',
  };
  const given = Object.fromEntries(Object.entries(overrides).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // A TEAM of the caller's own has passcodes only the caller knows.
  return { env: { ...defaults, ...given }, passcodes: given.TEAM ? {} : passcodes };
}

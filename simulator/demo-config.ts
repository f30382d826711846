/**
 * The demo configuration `npm start` and the tests run the simulator with: made-up SIDs and
 * secrets (never valid at Twilio), a team of alice, bob and carol, a demo team number and a Sync
 * Service for the team's shared state. Configuration variables given by the caller override the
 * defaults. The simulated account holds what the configuration names, as `npm run setup` leaves
 * a real one: the API key, the TwiML App, the team number pointing at it, the Sync Service. With a
 * state folder the demo account (its SIDs, secrets and passcodes) stays the same across restarts,
 * as a Twilio account does: its records, its signed-in pages and its phones' tokens stay valid.
 */
import { randomBytes } from 'node:crypto';
import { hashPasscode } from '../src/lib/config/passcodes';
import { SimAccount } from './rest/account';
import type { SyncStore } from './rest/sync-store';
import type { PersistentStore } from './state/state-folder';

/** The demo team. */
export const DEMO_TEAM = ['alice', 'bob', 'carol'] as const;
/** The demo team number: a 555-01xx number, reserved for fiction, that libphonenumber accepts. */
export const DEMO_TEAM_NUMBER = '+14155550100';
/** A number `npm start` suggests for the simulated PSTN phone. */
export const DEMO_PHONE_NUMBER = '+14155550123';

/** The made-up account's own variables: what identifies and signs for it. */
const ACCOUNT_VARIABLES = ['ACCOUNT_SID', 'AUTH_TOKEN', 'API_KEY', 'API_SECRET', 'TWIML_APP_SID', 'SYNC_SERVICE_SID'] as const;

/** What a restart keeps of the demo account: its made-up credentials and the demo team's passcodes. */
export interface DemoAccountState {
  credentials: Record<(typeof ACCOUNT_VARIABLES)[number], string>;
  passcodes: Record<string, string>;
}

/** The demo account in the state folder: restored before the demo configuration is made, saved from it. */
export class DemoAccount implements PersistentStore {
  readonly name = 'account';
  readonly version = 1;
  /** The account of the last run (after `restore`), then this run's (after `demoConfig`). */
  state?: DemoAccountState;

  snapshot(): DemoAccountState | undefined {
    return this.state;
  }

  restore(state: unknown): void {
    const saved = state as Partial<DemoAccountState> | null;
    const texts = (value: unknown) => typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string' && v.length > 0);
    if (!texts(saved?.credentials) || !ACCOUNT_VARIABLES.every((name) => saved!.credentials![name]) || !texts(saved?.passcodes)) throw new Error('the account lacks its credentials or passcodes');
    this.state = saved as DemoAccountState;
  }
}

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
 * defaults; `passcode` gives every demo member the same passcode, random ones otherwise. With an
 * `account`, its restored credentials and passcodes are used (a `passcode` still wins), and it is
 * given this run's.
 */
export async function demoConfig(overrides: Readonly<Record<string, string | undefined>> = {}, passcode?: string, account?: DemoAccount): Promise<DemoConfig> {
  const saved = account?.state;
  const passcodes = Object.fromEntries(DEMO_TEAM.map((identity) => [identity, passcode ?? saved?.passcodes[identity] ?? randomPasscode()]));
  const hashes = await Promise.all(DEMO_TEAM.map(async (identity) => `${identity}:${await hashPasscode(passcodes[identity])}`));
  const credentials = saved?.credentials ?? { ACCOUNT_SID: sid('AC'), AUTH_TOKEN: hex(16), API_KEY: sid('SK'), API_SECRET: hex(16), TWIML_APP_SID: sid('AP'), SYNC_SERVICE_SID: sid('IS') };
  if (account) account.state = { credentials, passcodes };
  const defaults: Record<string, string> = {
    ...credentials,
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

/**
 * The simulated account of a demo environment, its TwiML App pointing at `publicUrl`, and the
 * environment's Sync Service (SYNC_SERVICE_SID, when set) made in `sync`.
 */
export function demoAccount(env: Readonly<Record<string, string>>, region: string, publicUrl: string, sync: SyncStore): SimAccount {
  const account = new SimAccount({ sid: env.ACCOUNT_SID, authToken: env.AUTH_TOKEN, friendlyName: 'Switchboard demo' });
  account.addKey(region, 'Switchboard', env.API_KEY, env.API_SECRET);
  const app = account.addApplication(
    { friendly_name: 'Switchboard', voice_url: `${publicUrl}/voice`, voice_fallback_url: `${publicUrl}/fallback`, status_callback: `${publicUrl}/status` },
    env.TWIML_APP_SID,
  );
  account.addNumber(env.CALLER_ID, { voice_application_sid: app.sid });
  // A restored Sync store already holds the Service (and the team's state in it).
  if (env.SYNC_SERVICE_SID && !sync.services().some((service) => service.sid === env.SYNC_SERVICE_SID)) sync.createService({ friendly_name: 'Switchboard' }, env.SYNC_SERVICE_SID);
  return account;
}

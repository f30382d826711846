import { hashPasscode } from '../../src/lib/config/passcodes';

/** A complete, valid Switchboard environment with a known team, for tests. */
export const PASSCODES = { alice: 'alice-passcode-1', bob: 'bob-passcode-22', carol: 'carol-passcode-333' } as const;

export const BASE_ENV = {
  ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
  AUTH_TOKEN: 'f'.repeat(32),
  API_KEY: `SK${'b2'.repeat(16)}`,
  API_SECRET: 'test-api-secret-0123456789abcdef',
  TWIML_APP_SID: `AP${'c3'.repeat(16)}`,
  CALLER_ID: '+14155550100',
  ALLOWED_COUNTRIES: 'US,CA',
  TOKEN_TTL: '600',
  RING_TIMEOUT: '15',
} as const;

let team: Promise<string> | undefined;

/** `TEAM` for alice, bob and carol (hashed once per test file; scrypt is slow on purpose). */
export function teamValue(): Promise<string> {
  team ??= Promise.all(Object.entries(PASSCODES).map(async ([id, code]) => `${id}:${await hashPasscode(code)}`)).then((e) => e.join(','));
  return team;
}

export async function testEnv(overrides: Record<string, string | undefined> = {}): Promise<Record<string, string | undefined>> {
  return { ...BASE_ENV, TEAM: await teamValue(), ...overrides };
}

export function basicAuth(identity: string, passcode: string): string {
  return `Basic ${Buffer.from(`${identity}:${passcode}`).toString('base64')}`;
}

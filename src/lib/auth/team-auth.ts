import { isValidIdentity, verifyPasscode } from '../config/passcodes';

/** Longest passcode we hash; longer ones are refused without spending scrypt on them. */
const MAX_PASSCODE_LENGTH = 256;

export interface BasicCredentials {
  identity: string;
  passcode: string;
}

/** `Basic base64(identity:passcode)` → its parts; undefined for anything else. */
export function parseBasicAuth(authorization: string): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { identity: decoded.slice(0, colon), passcode: decoded.slice(colon + 1) };
}

/**
 * The team member an `Authorization` header proves to be, or undefined. Every well-formed attempt
 * costs one scrypt whether or not the identity exists, so strangers learn nothing from timing.
 */
export async function authenticateMember(authorization: string, team: ReadonlyMap<string, string>): Promise<string | undefined> {
  const credentials = parseBasicAuth(authorization);
  if (!credentials || credentials.passcode.length > MAX_PASSCODE_LENGTH) return undefined;
  const { identity, passcode } = credentials;
  const hash = isValidIdentity(identity) ? team.get(identity) : undefined;
  return (await verifyPasscode(passcode, hash)) ? identity : undefined;
}

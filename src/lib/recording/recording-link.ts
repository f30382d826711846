/**
 * Links to a team recording's audio for an `<audio src>`, which cannot send the page's Bearer
 * token: `/recording?id=RE…&who=<identity>&exp=<seconds>&sig=<HMAC>` (docs/recording-playback.md).
 * `/recording-link` makes one for a teammate with a valid session, after proving the recording is
 * the team's; `/recording` accepts it instead of a Bearer token until `exp`, for that recording
 * alone, and only while `who` is still on TEAM. The signature is an HMAC-SHA256 with a key derived
 * from API_SECRET for links alone, so no link is ever a token's signature, nor the other way round;
 * rotating the API key voids every link with every token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config/config';
import type { RecordingLink } from '../contract/recording';
import { RECORDING_SID } from '../records/rest-records';
import { param } from '../runtime/event';

/** How long a link works: a person pressing Play, and a player fetching the rest as it plays. */
export const LINK_TTL_SECONDS = 10 * 60;

/** Where the audio is served (a Function of its own). */
export const RECORDING_AUDIO_PATH = '/recording';

type LinkConfig = Pick<Config, 'apiSecret' | 'team'>;

function signature(config: LinkConfig, id: string, who: string, exp: number): string {
  const key = createHmac('sha256', config.apiSecret).update('switchboard recording link').digest();
  return createHmac('sha256', key).update(`${id}\n${who}\n${exp}`).digest('base64url');
}

/** A link to recording `id` for `identity`, from `nowMs` for LINK_TTL_SECONDS. */
export function recordingLink(config: LinkConfig, identity: string, id: string, nowMs = Date.now()): RecordingLink {
  const exp = Math.floor(nowMs / 1000) + LINK_TTL_SECONDS;
  const query = new URLSearchParams({ id, who: identity, exp: String(exp), sig: signature(config, id, identity, exp) });
  return { url: `${RECORDING_AUDIO_PATH}?${query.toString()}`, expiresAt: new Date(exp * 1000).toISOString() };
}

/** True when the request's parameters carry a link signature (and so are judged as a link, not a session). */
export function isLinkRequest(params: Record<string, unknown>): boolean {
  return param(params, 'sig') !== '';
}

/** What a genuine link names. */
export interface VerifiedLink {
  readonly identity: string;
  readonly id: string;
  /** When it was made (epoch seconds): a revocation of the teammate's sessions after it voids it. */
  readonly issuedAt: number;
}

/**
 * The teammate and recording a link names, when it is one we made, has not expired (nor lives
 * longer than any we make) and its teammate is still on TEAM; undefined otherwise.
 */
export function verifyLink(config: LinkConfig, params: Record<string, unknown>, nowMs = Date.now()): VerifiedLink | undefined {
  const [id, who, expText, sig] = ['id', 'who', 'exp', 'sig'].map((name) => param(params, name));
  const exp = /^\d{1,12}$/.test(expText) ? Number(expText) : NaN;
  const now = nowMs / 1000;
  if (!RECORDING_SID.test(id) || !config.team.has(who) || !(exp > now && exp <= now + LINK_TTL_SECONDS + 1)) return undefined;
  const expected = Buffer.from(signature(config, id, who, exp));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { identity: who, id, issuedAt: exp - LINK_TTL_SECONDS } : undefined;
}

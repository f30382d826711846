/**
 * Sessions that can be ended: "Sign out everywhere" and `npm run team -- revoke <identity>` write
 * a moment into the team's store (`revokedBefore` of the person's `team` Item), and every session of that
 * person that started before it is over: refused at its next renewal and by every data or control
 * Function (401 SB_SESSION_REVOKED). A session's start is its token's `nbf`, in whole seconds, so a
 * revocation covers every second up to and including the one it is made in; whoever revokes then
 * waits for the next second (`untilRevocationHolds`), so a sign-in after the answer is never caught.
 *
 * When the store cannot be read the session goes on (logged): a Sync outage must not take the
 * phone away from the whole team. A revocation, once read, is remembered by the Function instance
 * (it only ever moves later), so a revoked session keeps being refused without reading Sync again,
 * and cannot wear out the `team` Map's read budget to slip through.
 */
import type { Config } from '../config/config';
import { logEvent } from '../runtime/serverless';
import { readModifyWrite } from '../store/read-modify-write';
import { StoreFailure } from '../store/store-failure';
import { personKey, TEAM_MAP } from '../store/team-layout';
import type { TeamStore } from '../store/team-store';
import { refuse, verifySessionToken, type SessionCheck } from './session-token';

/**
 * A person's Item never expires (what else it holds, such as do-not-disturb, must not), and
 * needs not: a revocation older than SESSION_MAX_HOURS (at most 24) ends no session still alive.
 */
const NEVER = 0;

/** What this module keeps in a person's `team` Item; other fields belong to others and are kept as they are. */
interface Person {
  /** Epoch seconds: sessions that started before this are over. */
  readonly revokedBefore?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const revokedBeforeOf = (data: unknown): number => {
  const before = isObject(data) ? (data as Person).revokedBefore : undefined;
  return typeof before === 'number' && Number.isFinite(before) ? before : 0;
};

/** The latest revocation this instance has read, per Service and identity. */
const known = new Map<string, number>();

/**
 * Ends every session of `identity` that started up to `nowMs` (the revoker's clock: the Function's,
 * or Sync's for the CLI). Returns the revocation's `before` (epoch seconds). A later revocation
 * already there is kept.
 */
export async function revokeSessions(store: TeamStore, identity: string, nowMs: number): Promise<number> {
  const before = Math.floor(nowMs / 1000) + 1;
  const key = personKey(identity);
  await readModifyWrite(async () => {
    const current = await store.readItem<unknown>(TEAM_MAP, key);
    if (current && revokedBeforeOf(current.data) >= before) return;
    const person = { ...(isObject(current?.data) ? current.data : {}), revokedBefore: before };
    if (current) await store.updateItem(TEAM_MAP, key, person, current.revision, NEVER);
    else await store.createItem(TEAM_MAP, key, person, NEVER);
  });
  return before;
}

/** Resolves once the second a revocation `before` names has begun on this clock (at most a second). */
export function untilRevocationHolds(before: number, now: () => number = Date.now): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, before * 1000 - now())));
}

/** True when the session of `identity` that started at `startedAt` (epoch seconds) was revoked; throws StoreFailure. */
export async function isRevoked(store: TeamStore, identity: string, startedAt: number): Promise<boolean> {
  if (knownRevoked(store.serviceSid, identity, startedAt)) return true;
  return revokedBy(store.serviceSid, identity, startedAt, (await store.readItem<unknown>(TEAM_MAP, personKey(identity)))?.data);
}

/** True when this instance already knows the session of `identity` that started at `startedAt` revoked (no read needed). */
export function knownRevoked(serviceSid: string, identity: string, startedAt: number): boolean {
  return (known.get(`${serviceSid}/${identity}`) ?? 0) > startedAt;
}

/**
 * True when `person` (the data of their `team` Item, however it was read; undefined when there is
 * none) revokes the session of `identity` that started at `startedAt`; remembers the revocation.
 */
export function revokedBy(serviceSid: string, identity: string, startedAt: number, person: unknown): boolean {
  const cacheKey = `${serviceSid}/${identity}`;
  const before = revokedBeforeOf(person);
  if (before > (known.get(cacheKey) ?? 0)) known.set(cacheKey, before);
  return knownRevoked(serviceSid, identity, startedAt) || startedAt < before;
}

/**
 * The whole check of a Bearer token (session-token.ts), then, for a good one, whether its session
 * was revoked (with `store`; none when SYNC_SERVICE_SID is not set, and then nothing can be revoked).
 */
export async function checkSession(authorization: string, config: Config, store: TeamStore | undefined): Promise<SessionCheck> {
  const session = verifySessionToken(authorization, config);
  if (!session.ok || !store) return session;
  try {
    return (await isRevoked(store, session.identity, session.sessionStartedAt)) ? refuse('revoked') : session;
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    logEvent('session-check-skipped', { identity: session.identity, ...error.toLog() });
    return session;
  }
}

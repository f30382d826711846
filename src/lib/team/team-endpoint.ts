/**
 * `GET /team` (src/lib/contract/team.ts): the page's one request per update. Behind it, two Sync
 * reads and nothing else: the `team` Map listed (everyone's do-not-disturb, and the asker's
 * revocation, so the session check needs no read of its own) and the `live` Map listed (presence,
 * change markers). It writes only the asker's `seen`, and only when it is getting old, with the
 * revision just listed (a write that loses a race is skipped: the next update writes). The ETag is
 * the answer's own digest, so an unchanged picture answers 304 however the store was written.
 */
import { createHash } from 'node:crypto';
import type { Env } from '../config/config';
import type { TeamState } from '../contract/team';
import { configOrAnswer } from '../runtime/config-answer';
import { NO_STORE, type HttpAnswer } from '../runtime/http-answer';
import { logEvent } from '../runtime/serverless';
import { knownRevoked, revokedBy } from '../auth/session-revocation';
import { refuse, sessionRefusalAnswer, verifySessionToken, type VerifiedSession } from '../auth/session-token';
import { StoreFailure, storeFailureAnswer } from '../store/store-failure';
import { LIVE_MAP, personKey, presenceKey, TEAM_MAP } from '../store/team-layout';
import { configuredStore, StoreConflict, type OpenStore, type TeamStore } from '../store/team-store';
import { changeTags } from './change-markers';
import { dndOf } from './do-not-disturb';
import { presenceOf, presenceRecord, PRESENCE_TTL_SECONDS, seenIsStale, type PresenceRecord } from './presence-record';

/** 304: the picture the page holds is current. */
export interface NotModified {
  status: 304;
  headers: Record<string, string>;
  body: '';
}

export type TeamAnswer = HttpAnswer | NotModified;

/** A strong ETag of the answer's body. */
export function entityTag(state: TeamState): string {
  return `"${createHash('sha256').update(JSON.stringify(state)).digest('base64url').slice(0, 27)}"`;
}

/** True when `ifNoneMatch` (a list, weak tags or `*` allowed) names `etag`. */
function matches(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch.split(',').some((tag) => {
    const name = tag.trim().replace(/^W\//, '');
    return name === '*' || name === etag;
  });
}

/** Answers `GET /team` for the `authorization` and `ifNoneMatch` headers. */
export async function answerTeamRequest(env: Env, authorization: string, ifNoneMatch: string, openStore: OpenStore): Promise<TeamAnswer> {
  const config = configOrAnswer(env);
  if ('status' in config) return config;
  const session = verifySessionToken(authorization, config);
  if (!session.ok) return sessionRefusalAnswer(session);
  const store = configuredStore(config.syncServiceSid, openStore);
  let state: TeamState;
  if (!store) {
    state = { identity: session.identity, dnd: false, team: [...config.team.keys()].map((identity) => ({ identity, presence: 'offline' })) };
  } else {
    if (knownRevoked(store.serviceSid, session.identity, session.sessionStartedAt)) return sessionRefusalAnswer(refuse('revoked'));
    try {
      const picture = await readPicture(store, session, [...config.team.keys()]);
      if (!picture) return sessionRefusalAnswer(refuse('revoked'));
      state = picture;
    } catch (error) {
      if (!(error instanceof StoreFailure)) throw error;
      logEvent('team-state-unavailable', { identity: session.identity, ...error.toLog() });
      return storeFailureAnswer(error);
    }
  }
  const etag = entityTag(state);
  if (matches(ifNoneMatch, etag)) return { status: 304, headers: { 'Cache-Control': 'no-store', ETag: etag }, body: '' };
  return { status: 200, headers: { ...NO_STORE, ETag: etag }, body: state };
}

/** The picture for `session` from two listings; undefined when the session turns out revoked. */
async function readPicture(store: TeamStore, session: VerifiedSession, team: readonly string[]): Promise<TeamState | undefined> {
  const [people, live] = await Promise.all([store.listItems<unknown>(TEAM_MAP), store.listItems<unknown>(LIVE_MAP)]);
  const person = new Map(people.items.map((item) => [item.key, item.data]));
  const { identity } = session;
  if (revokedBy(store.serviceSid, identity, session.sessionStartedAt, person.get(personKey(identity)))) return undefined;
  const now = Math.floor(live.seenAt / 1000);
  const records = new Map(live.items.map((item) => [item.key, item]));
  const mine = records.get(presenceKey(identity));
  const myRecord = presenceRecord(mine?.data);
  if (seenIsStale(myRecord, now)) await markSeen(store, identity, { ...myRecord, seen: now }, mine?.revision);
  const recordOf = (who: string): PresenceRecord => (who === identity ? { ...myRecord, seen: now } : presenceRecord(records.get(presenceKey(who))?.data));
  return {
    identity,
    dnd: dndOf(person.get(personKey(identity))),
    team: team.map((who) => presenceOf(who, recordOf(who), dndOf(person.get(personKey(who))), now)),
    changes: changeTags(records),
  };
}

/**
 * Writes the asker's presence record at the revision listed (`undefined`: there is none yet). A
 * lost race or a busy store only delays it to a later update: logged, never the page's problem.
 */
async function markSeen(store: TeamStore, identity: string, record: PresenceRecord, revision: string | undefined): Promise<void> {
  const key = presenceKey(identity);
  try {
    if (revision) await store.updateItem(LIVE_MAP, key, record, revision, PRESENCE_TTL_SECONDS);
    else await store.createItem(LIVE_MAP, key, record, PRESENCE_TTL_SECONDS);
  } catch (error) {
    if (error instanceof StoreConflict) return;
    if (!(error instanceof StoreFailure)) throw error;
    logEvent('presence-write-skipped', { identity, ...error.toLog() });
  }
}

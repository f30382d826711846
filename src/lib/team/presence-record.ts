/**
 * A person's presence as the `live` Map keeps it (`presence.<identity>`, one Item per person
 * however many browsers they have): when a page of theirs was last seen, and the calls their
 * devices are on, each under its leg's CallSid. What the team sees is derived from it here, by
 * Sync's clock: a person whose pages stopped updating lapses to offline, whoever is on a call in
 * any browser is on a call.
 */
import type { PresenceState, TeammatePresence } from '../contract/team';

/** One call a person's device is on. */
export interface CallOn {
  /** Epoch seconds (Sync's clock) when it was answered. */
  readonly since: number;
  /** The other party: an E.164 number or a teammate's identity ('' when unknown). */
  readonly with: string;
}

/** The Item's data. */
export interface PresenceRecord {
  /** Epoch seconds (Sync's clock) when a page of theirs last asked `/team`. */
  readonly seen?: number;
  /** Calls their devices are on, by the leg's CallSid. */
  readonly calls?: Readonly<Record<string, CallOn>>;
}

/** A page updates at least every minute (hidden); missing two updates and a half means it is gone. */
export const PRESENCE_LAPSE_SECONDS = 150;
/** A page's request writes `seen` again only when it is older than this (so a visible page writes every few updates). */
export const SEEN_REFRESH_SECONDS = 40;
/**
 * A call whose end was never heard (a lost status callback) stops counting after this long, so
 * nobody stays "on a call" for ever.
 */
export const CALL_FORGOTTEN_SECONDS = 8 * 3600;
/**
 * The Item's TTL: only a clean-up (decisions use `seen` and `since`, never the TTL), long enough
 * for the longest call.
 */
export const PRESENCE_TTL_SECONDS = CALL_FORGOTTEN_SECONDS;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSeconds = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** The record in an Item's data, keeping only well-formed fields (anything else reads as nothing). */
export function presenceRecord(data: unknown): PresenceRecord {
  if (!isObject(data)) return {};
  const calls: Record<string, CallOn> = {};
  if (isObject(data.calls))
    for (const [sid, call] of Object.entries(data.calls)) if (isObject(call) && isSeconds(call.since)) calls[sid] = { since: call.since, with: typeof call.with === 'string' ? call.with : '' };
  return { ...(isSeconds(data.seen) ? { seen: data.seen } : {}), calls };
}

/** The calls still counted at `now` (epoch s), oldest first. */
function liveCalls(record: PresenceRecord, now: number): CallOn[] {
  return Object.values(record.calls ?? {})
    .filter((call) => now - call.since < CALL_FORGOTTEN_SECONDS)
    .sort((a, b) => a.since - b.since);
}

/** The record with `sid` on a call since `since` with `peer`; calls long forgotten are dropped. */
export function withCall(record: PresenceRecord, sid: string, since: number, peer: string): PresenceRecord {
  return { ...record, calls: { ...kept(record, since), [sid]: { since, with: peer } } };
}

/** The record without the call `sid`. */
export function withoutCall(record: PresenceRecord, sid: string, now: number): PresenceRecord {
  const calls = kept(record, now);
  delete calls[sid];
  return { ...record, calls };
}

function kept(record: PresenceRecord, now: number): Record<string, CallOn> {
  return Object.fromEntries(Object.entries(record.calls ?? {}).filter(([, call]) => now - call.since < CALL_FORGOTTEN_SECONDS));
}

/** True when a page's request at `now` should write `seen` again. */
export function seenIsStale(record: PresenceRecord, now: number): boolean {
  return record.seen === undefined || now - record.seen >= SEEN_REFRESH_SECONDS;
}

/**
 * What the team sees of `identity` at `now` (epoch s, Sync's clock): on a call wins (the longest
 * one: since when, with whom), then offline when no page of theirs was seen lately, then their
 * do-not-disturb, else available.
 */
export function presenceOf(identity: string, record: PresenceRecord, dnd: boolean, now: number): TeammatePresence {
  const [call] = liveCalls(record, now);
  if (call) return { identity, presence: 'on-call', since: new Date(call.since * 1000).toISOString(), ...(call.with ? { with: call.with } : {}) };
  const online = record.seen !== undefined && now - record.seen <= PRESENCE_LAPSE_SECONDS;
  const presence: PresenceState = !online ? 'offline' : dnd ? 'dnd' : 'available';
  return { identity, presence };
}

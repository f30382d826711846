/**
 * Who is on a call, from Twilio's status callbacks of the legs the Functions dial (`<Client>` and
 * `<Number>` with `statusCallback` LEG_STATUS_PATH of twiml.ts, events `answered completed`; a
 * consultation's leg, which the Participants API dials, likewise): the teammate a `client:` leg
 * rings, and the teammate whose browser placed the call, are on a call from `answered` until the
 * leg ends, in their presence Item (one per person: a second browser is the same person).
 */
import { logEvent } from '../runtime/serverless';
import { readModifyWrite } from '../store/read-modify-write';
import { StoreFailure } from '../store/store-failure';
import { LIVE_MAP, presenceKey } from '../store/team-layout';
import type { TeamStore } from '../store/team-store';
import { presenceRecord, PRESENCE_TTL_SECONDS, withCall, withoutCall } from './presence-record';

/** A leg's status callback, as far as presence cares. */
export interface LegStatus {
  /** The leg's CallSid. */
  readonly sid: string;
  readonly status: string;
  readonly from: string;
  readonly to: string;
  /** `outbound-dial` (a `<Dial>` noun) or `outbound-api` (the REST API: a consultation's Participants create). */
  readonly direction: string;
}

/** One person a leg concerns, and who they are talking to. */
interface Party {
  readonly identity: string;
  readonly peer: string;
}

const ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const CLIENT = /^client:([A-Za-z0-9_]{1,64})$/;

const clientOf = (address: string): string | undefined => CLIENT.exec(address)?.[1];
const peerOf = (address: string): string => clientOf(address) ?? address;

/**
 * The teammates a leg concerns: the one it rings (`client:` To), and its caller when that is a
 * browser (`client:` From, or — for a `<Number>` leg, whose From is the team's number — the
 * parent call's From, which `parentFrom` asks Twilio for). A leg the REST API created concerns
 * only the teammate it rings: its From is whom it shows as, who is on a call by a leg of their own.
 * Only identities on `team` count.
 */
export async function partiesOf(leg: LegStatus, team: ReadonlyMap<string, string>, parentFrom: () => Promise<string>): Promise<Party[]> {
  const parties: Party[] = [];
  const callee = clientOf(leg.to);
  if (callee) parties.push({ identity: callee, peer: peerOf(leg.from) });
  const caller = clientOf(leg.from) ?? (callee ? undefined : clientOf(await parentFrom()));
  if (caller && leg.direction !== 'outbound-api') parties.push({ identity: caller, peer: peerOf(leg.to) });
  return parties.filter((party) => team.has(party.identity));
}

/** True for the statuses presence acts on: answered (`in-progress`) and every end. */
export function changesPresence(status: string): boolean {
  return status === 'in-progress' || ENDED.has(status);
}

/** Marks `party` on the leg's call (answered) or off it (ended), by Sync's clock. Throws StoreFailure. */
export async function notePresence(store: TeamStore, party: Party, leg: LegStatus): Promise<void> {
  const key = presenceKey(party.identity);
  await readModifyWrite(async () => {
    const current = await store.readItem<unknown>(LIVE_MAP, key);
    const now = Math.floor((current?.seenAt ?? (await store.serviceTime())) / 1000);
    const record = presenceRecord(current?.data);
    const next = leg.status === 'in-progress' ? withCall(record, leg.sid, now, party.peer) : withoutCall(record, leg.sid, now);
    if (current) await store.updateItem(LIVE_MAP, key, next, current.revision, PRESENCE_TTL_SECONDS);
    else if (leg.status === 'in-progress') await store.createItem(LIVE_MAP, key, next, PRESENCE_TTL_SECONDS);
  });
}

/**
 * `identity`'s call on leg `legSid` goes on with someone else (a consultation completed: the one
 * consulted now talks to the caller): the call keeps its start and names `address` as the other
 * party. Nothing is written when that call is not in their presence (its answer not noted yet,
 * or ended), or names that party already.
 * Never throws for the store: a failure is logged, and the Team list names the old party.
 */
export async function notePeer(store: TeamStore | undefined, identity: string, legSid: string, address: string): Promise<void> {
  if (!store) return;
  const key = presenceKey(identity);
  const peer = peerOf(address);
  try {
    await readModifyWrite(async () => {
      const current = await store.readItem<unknown>(LIVE_MAP, key);
      const record = presenceRecord(current?.data);
      const call = record.calls?.[legSid];
      if (!current || !call || call.with === peer) return;
      await store.updateItem(LIVE_MAP, key, withCall(record, legSid, call.since, peer), current.revision, PRESENCE_TTL_SECONDS);
    });
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    logEvent('presence-write-skipped', { identity, ...error.toLog() });
  }
}

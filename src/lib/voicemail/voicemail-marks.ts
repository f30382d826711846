/**
 * The team's marks on its voicemail, in the `voicemail` Map of the Sync store (team-layout.ts):
 * one Item per message that anyone marked, keyed by the message's time and recording SID. It holds
 * who played the message (so each teammate's "new" is their own, in every browser they use), who
 * handled it and when, and once the message is deleted only that it was: its marks go with it,
 * and the call history still knows the call ended in a voicemail. Every change is a
 * read-modify-write (`If-Match`), so two teammates marking at once both count.
 */
import type { HandledMark, Voicemail } from '../contract/voicemail';
import type { DeletedVoicemail, DeletedVoicemails } from '../history/history-pages';
import { logEvent } from '../runtime/serverless';
import { StoreFailure } from '../store/store-failure';
import { readModifyWrite } from '../store/read-modify-write';
import { messageKey, timeKey, VOICEMAIL_MAP } from '../store/team-layout';
import type { TeamStore } from '../store/team-store';
import type { MessageRecord } from './voicemail-box';

/** Who did something to a message, and when (epoch seconds, Sync's clock). */
interface Deed {
  readonly by: string;
  readonly at: number;
}

/** An Item's data. */
export interface MessageMarks {
  /** CA…, the call the message was left on: how the history finds a deleted message's call. */
  readonly call: string;
  readonly seconds: number;
  /** The teammates who played it. */
  readonly played: readonly string[];
  readonly handled?: Deed;
  /** Deleted for the whole team: nothing else is kept. */
  readonly deleted?: Deed;
}

/**
 * Items live a year (Sync's longest TTL), about as long as Twilio lists a call: the history of
 * an older call no longer tells that its message was deleted.
 */
export const MARKS_TTL_SECONDS = 31_536_000;
/**
 * Reads of the Map for one answer: 100 Items each. The voicemail lists at most the messages among
 * the account's newest 200 recordings, plus the deleted ones between them.
 */
const MAX_READS = 5;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const deedOf = (value: unknown): Deed | undefined => (isObject(value) && typeof value.by === 'string' && typeof value.at === 'number' ? { by: value.by, at: value.at } : undefined);
const secondsOf = (iso: string): number => Math.floor((Date.parse(iso) || 0) / 1000);
const keyOf = (message: MessageRecord): string => messageKey(secondsOf(message.at), message.id);

/** The marks in an Item's data, keeping only well-formed fields (anything else reads as unmarked). */
export function marksOf(data: unknown): MessageMarks | undefined {
  if (!isObject(data) || typeof data.call !== 'string') return undefined;
  const handled = deedOf(data.handled);
  const deleted = deedOf(data.deleted);
  return {
    call: data.call,
    seconds: typeof data.seconds === 'number' ? data.seconds : 0,
    played: Array.isArray(data.played) ? data.played.filter((who): who is string => typeof who === 'string') : [],
    ...(handled ? { handled } : {}),
    ...(deleted ? { deleted } : {}),
  };
}

/** The message as `identity` sees it with its `marks`. */
export function withMarks(message: MessageRecord, marks: MessageMarks | undefined, identity: string): Voicemail {
  const handled = marks?.handled && handledMark(marks.handled);
  return { ...message, played: !!marks?.played.includes(identity), ...(handled ? { handled } : {}) };
}

const handledMark = (deed: Deed): HandledMark => ({ by: deed.by, at: new Date(deed.at * 1000).toISOString() });

/**
 * The marks of `messages`, by recording SID: the Items from the newest message's second down to
 * the oldest's (one read per 100). Throws StoreFailure.
 */
export async function readMarks(store: TeamStore, messages: readonly MessageRecord[]): Promise<Map<string, MessageMarks>> {
  const found = new Map<string, MessageMarks>();
  if (!messages.length) return found;
  const seconds = messages.map((message) => secondsOf(message.at));
  const { items } = await store.listItemsDown<unknown>(VOICEMAIL_MAP, { from: timeKey(Math.max(...seconds) + 1), downTo: timeKey(Math.min(...seconds)) }, MAX_READS);
  const byKey = new Map(items.map((item) => [item.key, item.data]));
  for (const message of messages) {
    const marks = marksOf(byKey.get(keyOf(message)));
    if (marks && !marks.deleted) found.set(message.id, marks);
  }
  return found;
}

/**
 * The history's reader of deleted voicemails (history-pages.ts): the messages that began between
 * its two times, by their call's SID. When the store cannot answer, those calls show as missed
 * until the history is next fetched (logged): the history itself is Twilio's and goes on.
 */
export function deletedVoicemailsIn(store: TeamStore | undefined): DeletedVoicemails | undefined {
  if (!store) return undefined;
  return async (fromMs, untilMs) => {
    const found = new Map<string, DeletedVoicemail>();
    try {
      const range = { from: timeKey(Math.floor(untilMs / 1000) + 1), downTo: timeKey(Math.floor(fromMs / 1000)) };
      for (const item of (await store.listItemsDown<unknown>(VOICEMAIL_MAP, range, MAX_READS)).items) {
        const marks = marksOf(item.data);
        if (marks?.deleted) found.set(marks.call, { id: item.key.slice(item.key.indexOf('.') + 1), seconds: marks.seconds });
      }
    } catch (error) {
      if (!(error instanceof StoreFailure)) throw error;
      logEvent('voicemail-deletions-unknown', error.toLog());
    }
    return found;
  };
}

/**
 * Changes `message`'s marks with `next` (given its current marks and Sync's clock in epoch
 * seconds; undefined: nothing to change), writing only when they differ. Returns the marks as
 * they now are. Throws StoreFailure.
 */
async function changeMarks(store: TeamStore, message: MessageRecord, next: (marks: MessageMarks, now: number) => MessageMarks | undefined): Promise<MessageMarks> {
  const key = keyOf(message);
  return readModifyWrite(async () => {
    const current = await store.readItem<unknown>(VOICEMAIL_MAP, key);
    const marks = marksOf(current?.data) ?? { call: message.callId, seconds: message.seconds, played: [] };
    const now = Math.floor((current?.seenAt ?? (await store.serviceTime())) / 1000);
    const changed = next(marks, now);
    if (!changed) return marks;
    if (current) await store.updateItem(VOICEMAIL_MAP, key, changed, current.revision, MARKS_TTL_SECONDS);
    else await store.createItem(VOICEMAIL_MAP, key, changed, MARKS_TTL_SECONDS);
    return changed;
  });
}

/** What a mark did: `changed` says whether anything was written (the team's voicemail tag then moves). */
export interface MarkResult<T> {
  readonly changed: boolean;
  /** undefined: the message was deleted meanwhile. */
  readonly value?: T;
}

/** `identity` played `message`. Throws StoreFailure. */
export async function markPlayed(store: TeamStore, message: MessageRecord, identity: string): Promise<MarkResult<true>> {
  let changed = false;
  const marks = await changeMarks(store, message, (current) => {
    if (current.deleted || current.played.includes(identity)) return undefined;
    changed = true;
    return { ...current, played: [...current.played, identity] };
  });
  return { changed, ...(marks.deleted ? {} : { value: true as const }) };
}

/**
 * Marks `message` handled by `identity` (a message already handled keeps its first mark), or
 * not handled, whoever marked it. Throws StoreFailure.
 */
export async function markHandled(store: TeamStore, message: MessageRecord, identity: string, handled: boolean): Promise<MarkResult<HandledMark | null>> {
  let changed = false;
  const marks = await changeMarks(store, message, (current, now) => {
    if (current.deleted || !!current.handled === handled) return undefined;
    changed = true;
    const { handled: _undone, ...rest } = current;
    return handled ? { ...current, handled: { by: identity, at: now } } : rest;
  });
  if (marks.deleted) return { changed };
  return { changed, value: marks.handled ? handledMark(marks.handled) : null };
}

/**
 * `identity` is deleting `message` for the team: its marks are replaced by the trace of the
 * deletion the history reads. Written before the recording is deleted at Twilio, so no deletion
 * goes unrecorded. Throws StoreFailure.
 */
export async function markDeleted(store: TeamStore, message: MessageRecord, identity: string): Promise<void> {
  await changeMarks(store, message, (current, now) => (current.deleted ? undefined : { call: current.call, seconds: current.seconds, played: [], deleted: { by: identity, at: now } }));
}

/**
 * `GET /calls` from Twilio's Calls API in a few requests per page of 50 entries: the account's
 * calls newest first in pages of 250 (parents and their legs come together, legs just after their
 * parent started), then, for a later page, the legs that started after the cursor, and the
 * voicemail recordings of the page's time span. Legs of a call (their own legs, its consultations:
 * call-family.ts) start while it goes on, which bounds both extra requests.
 *
 * The **Mine** view (`mine`: the signed-in teammate) keeps only their own calls (my-calls.ts), which
 * their legs tell: it reads on through the account's calls until it has a page of them or has made
 * its list requests, so a page of Mine is full unless those calls held fewer of theirs; its `next`
 * then starts below the oldest call read, so no call is read twice.
 */
import type { Twilio } from 'twilio';
import { callFamilies } from '../records/call-family';
import { historyEntry } from './history-entry';
import type { CallRecordingEntry, HistoryPage } from '../contract/calls';
import { decodeCursor, encodeCursor, type HistoryCursor } from './history-cursor';
import { isMyCall } from './my-calls';
import { wholeSeconds, type CallRecord, type RecordingRecord } from '../records/rest-records';
import { recordingKind } from '../recording/recording-kind';
import { isInboundTeamCall } from '../voicemail/voicemail-box';
import type { RecordingApi } from '../recording/recording-api';

export const HISTORY_PAGE_SIZE = 50;
/** Calls per list request: a page of 50 entries with a few legs each is one or two requests. */
const LIST_PAGE_SIZE = 250;
/** List requests per answer at most (each is one round trip; a Function has 10 s). */
const MAX_LIST_REQUESTS = 4;

/** A message left on a call and deleted since. */
export interface DeletedVoicemail {
  readonly id: string;
  readonly seconds: number;
}

/**
 * The voicemails deleted from calls that started between two times (epoch ms), by CallSid: a
 * deleted message is no recording any more, and the team's store keeps that it was
 * (voicemail-marks.ts), so its call stays a voicemail call.
 */
export type DeletedVoicemails = (fromMs: number, untilMs: number) => Promise<ReadonlyMap<string, DeletedVoicemail>>;

/**
 * The deleted voicemails of the page's inbound calls nobody answered and no message is left on
 * (none asked for when there are no such calls), marked deleted.
 */
async function deletedFrom(shown: CallRecord[], legsOf: Map<string, CallRecord[]>, left: ReadonlyMap<string, unknown>, teamNumber: string, deleted?: DeletedVoicemails) {
  const found = new Map<string, { id: string; seconds: number; deleted: true }>();
  const unanswered = shown.filter((call) => !left.has(call.sid) && isInboundTeamCall(call, teamNumber) && historyEntry(call, legsOf.get(call.sid) ?? [], teamNumber)?.outcome !== 'answered');
  if (!deleted || !unanswered.length) return found;
  const traces = await deleted(Math.min(...unanswered.map(startMs)), Math.max(...unanswered.map((call) => call.endTime?.getTime() ?? Date.now())) + 60_000);
  for (const call of unanswered) {
    const trace = traces.get(call.sid);
    if (trace) found.set(call.sid, { id: trace.id, seconds: trace.seconds, deleted: true });
  }
  return found;
}

/** The part of a list page of the `twilio` client that paging reads. */
interface ListPage {
  readonly instances: CallRecord[];
  readonly nextPageUrl?: string;
  nextPage(): Promise<ListPage> | undefined;
}

const startMs = (call: CallRecord) => Math.floor((call.startTime?.getTime() ?? 0) / 1000) * 1000;

/** True when `call` comes after the cursor: earlier, or in its second but not yet shown. */
const afterCursor = (call: CallRecord, cursor?: HistoryCursor) => !cursor || startMs(call) < cursor.t || (startMs(call) === cursor.t && !cursor.s.includes(call.sid));

/** What a page of the history is asked with besides its cursor. */
export interface HistoryOptions {
  /** The team's Sync Service's notes of who started each recording. */
  readonly notes?: Pick<RecordingApi, 'note'>;
  /** The team's store's record of deleted voicemails. */
  readonly deleted?: DeletedVoicemails;
  /** Only this teammate's own calls (the Mine view). */
  readonly mine?: string;
}

/**
 * One page of the team's history, `before` being the previous answer's `next` ('' for the first
 * page); undefined when `before` is not a cursor this Function made.
 */
export async function readHistory(client: Twilio, teamNumber: string, before: string, { notes, deleted, mine }: HistoryOptions = {}): Promise<HistoryPage | undefined> {
  const cursor = before ? decodeCursor(before) : undefined;
  if (before && !cursor) return undefined;
  const calls = new Map<string, CallRecord>();
  const isTeamCall = (call: CallRecord) => afterCursor(call, cursor) && historyEntry(call, [], teamNumber) !== undefined;
  const teamCalls = () => [...calls.values()].filter(isTeamCall).sort((a, b) => startMs(b) - startMs(a));
  // Mine needs each call's legs; those that started after the cursor are read below, so this count can be short, which only reads on.
  const wanted = (legsOf?: Map<string, CallRecord[]>) => {
    if (mine === undefined) return teamCalls();
    const families = legsOf ?? callFamilies(calls.values());
    return teamCalls().filter((call) => isMyCall(historyEntry(call, families.get(call.sid) ?? [], teamNumber)!, mine));
  };
  // Twilio's StartTime< is "on or before"; a second more keeps calls of the cursor's second either way.
  let page: ListPage = await client.calls.page({ pageSize: LIST_PAGE_SIZE, ...(cursor ? { startTimeBefore: new Date(cursor.t + 1000) } : {}) });
  for (let requests = 1; ; requests++) {
    for (const call of page.instances) calls.set(call.sid, call);
    const next = wanted().length > HISTORY_PAGE_SIZE || requests >= MAX_LIST_REQUESTS ? undefined : page.nextPage();
    if (!next) break;
    page = await next;
  }
  const listedAll = !page.nextPageUrl;
  const oldestRead = calls.size ? Math.min(...[...calls.values()].map(startMs)) : undefined;

  // Mine decides on every call read, All only on the page it shows.
  const judged = mine === undefined ? teamCalls().slice(0, HISTORY_PAGE_SIZE) : teamCalls();
  if (cursor && judged.some((call) => !call.endTime || call.endTime.getTime() > cursor.t + 1000)) {
    // Legs of these calls that started after the cursor's second were not listed above.
    const latestEnd = Math.max(...judged.map((call) => call.endTime?.getTime() ?? Date.now()));
    const legs = await client.calls.page({ pageSize: 1000, startTimeAfter: new Date(cursor.t + 1000), startTimeBefore: new Date(latestEnd + 1000) });
    for (const call of legs.instances) calls.set(call.sid, call);
  }
  const legsOf = callFamilies(calls.values());
  const candidates = wanted(legsOf);
  const shown = candidates.slice(0, HISTORY_PAGE_SIZE);

  const recordings = await recordingsOf(client, shown, calls, legsOf, teamNumber, notes);
  const gone = await deletedFrom(shown, legsOf, recordings.voicemails, teamNumber, deleted);
  const entries = shown.map((call) => {
    const left = recordings.voicemails.get(call.sid) ?? gone.get(call.sid);
    const entry = historyEntry(call, legsOf.get(call.sid) ?? [], teamNumber, left)!;
    const made = recordings.calls.get(call.sid);
    return made ? { ...entry, recordings: made } : entry;
  });
  const below = candidates.length > shown.length ? startMs(shown.at(-1)!) : listedAll ? undefined : oldestRead;
  return { entries, next: nextCursor(shown, below, cursor) };
}

/**
 * The recordings of the page's calls, by parent CallSid, in one request for the page's time span
 * (none for a page of calls nobody answered and nobody left a message on): the voicemail left on
 * an unanswered inbound call, and the recordings made of answered ones (recording-kind.ts tells
 * which is which), each with who started it when the notes say (`notes`: the team's Sync Service).
 */
async function recordingsOf(client: Twilio, shown: CallRecord[], calls: Map<string, CallRecord>, legsOf: Map<string, CallRecord[]>, teamNumber: string, notes?: Pick<RecordingApi, 'note'>) {
  const found = { voicemails: new Map<string, { id: string; seconds: number }>(), calls: new Map<string, CallRecordingEntry[]>() };
  const outcome = (call: CallRecord) => historyEntry(call, legsOf.get(call.sid) ?? [], teamNumber)?.outcome;
  const concerned = shown.filter((call) => outcome(call) === 'answered' || call.to === teamNumber);
  if (!concerned.length) return found;
  const from = Math.min(...concerned.map(startMs));
  const until = Math.max(...concerned.map((call) => call.endTime?.getTime() ?? Date.now())) + 60_000;
  const page = await client.recordings.page({ pageSize: 1000, dateCreatedAfter: new Date(from), dateCreatedBefore: new Date(until) });
  // The parent each recorded call belongs to: itself, or the one it is a leg of.
  const rootOf = new Map(concerned.map((call) => [call.sid, call.sid]));
  for (const call of concerned) for (const leg of legsOf.get(call.sid) ?? []) rootOf.set(leg.sid, call.sid);
  const made: Array<{ root: string; recording: RecordingRecord }> = [];
  for (const recording of [...(page.instances as RecordingRecord[])].reverse()) {
    const root = rootOf.get(recording.callSid);
    const call = calls.get(recording.callSid);
    const kind = root && recordingKind(recording, call, call?.parentCallSid ? calls.get(call.parentCallSid) : undefined, teamNumber);
    if (kind === 'voicemail') found.voicemails.set(root!, { id: recording.sid, seconds: wholeSeconds(recording.duration) });
    if (kind === 'call') made.push({ root: root!, recording });
  }
  const starters = await Promise.all(made.map(({ recording }) => (notes ? notes.note(recording.sid) : Promise.resolve(undefined))));
  made.forEach(({ root, recording }, i) => {
    const by = starters[i]?.by;
    const entry = { id: recording.sid, seconds: wholeSeconds(recording.duration), ...(typeof by === 'string' ? { by } : {}) };
    found.calls.set(root, [...(found.calls.get(root) ?? []), entry]);
  });
  return found;
}

/**
 * Where the next page starts, or null when this one showed the last of the history: at `below`,
 * the second of the page's last entry when more were read than shown, else of the oldest call read
 * when the listing stopped before the account's oldest call. That second is read again, less the
 * calls shown of it.
 */
function nextCursor(shown: CallRecord[], below: number | undefined, cursor: HistoryCursor | undefined): string | null {
  if (below === undefined) return null;
  const sameSecond = shown.filter((call) => startMs(call) === below).map((call) => call.sid);
  const s = cursor?.t === below ? [...cursor.s, ...sameSecond] : sameSecond;
  // Nothing moved (a single second holds more calls than a page reads): stop rather than loop.
  if (cursor?.t === below && s.length === cursor.s.length) return null;
  return encodeCursor({ t: below, s });
}

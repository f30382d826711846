/**
 * `GET /calls` from Twilio's Calls API in a few requests per page of 50 entries: the account's
 * calls newest first in pages of 250 (parents and their legs come together, legs just after their
 * parent started), then, for a later page, the legs that started after the cursor, and the
 * voicemail recordings of the page's time span. Legs of a call (their own legs, its consultations:
 * call-family.ts) start while it goes on, which bounds both extra requests.
 */
import type { Twilio } from 'twilio';
import { callFamilies } from '../records/call-family';
import { historyEntry } from './history-entry';
import type { HistoryPage } from '../contract/calls';
import { decodeCursor, encodeCursor, type HistoryCursor } from './history-cursor';
import { wholeSeconds, type CallRecord, type RecordingRecord } from '../records/rest-records';
import { isVoicemail } from '../voicemail/voicemail-box';

export const HISTORY_PAGE_SIZE = 50;
/** Calls per list request: a page of 50 entries with a few legs each is one or two requests. */
const LIST_PAGE_SIZE = 250;
/** List requests per answer at most (each is one round trip; a Function has 10 s). */
const MAX_LIST_REQUESTS = 4;

/** The part of a list page of the `twilio` client that paging reads. */
interface ListPage {
  readonly instances: CallRecord[];
  readonly nextPageUrl?: string;
  nextPage(): Promise<ListPage> | undefined;
}

const startMs = (call: CallRecord) => Math.floor((call.startTime?.getTime() ?? 0) / 1000) * 1000;

/** True when `call` comes after the cursor: earlier, or in its second but not yet shown. */
const afterCursor = (call: CallRecord, cursor?: HistoryCursor) => !cursor || startMs(call) < cursor.t || (startMs(call) === cursor.t && !cursor.s.includes(call.sid));

/**
 * One page of the team's history, `before` being the previous answer's `next` ('' for the first
 * page); undefined when `before` is not a cursor this Function made.
 */
export async function readHistory(client: Twilio, teamNumber: string, before: string): Promise<HistoryPage | undefined> {
  const cursor = before ? decodeCursor(before) : undefined;
  if (before && !cursor) return undefined;
  const calls = new Map<string, CallRecord>();
  const isCandidate = (call: CallRecord) => afterCursor(call, cursor) && historyEntry(call, [], teamNumber) !== undefined;
  // Twilio's StartTime< is "on or before"; a second more keeps calls of the cursor's second either way.
  let page: ListPage = await client.calls.page({ pageSize: LIST_PAGE_SIZE, ...(cursor ? { startTimeBefore: new Date(cursor.t + 1000) } : {}) });
  for (let requests = 1; ; requests++) {
    for (const call of page.instances) calls.set(call.sid, call);
    const next = [...calls.values()].filter(isCandidate).length > HISTORY_PAGE_SIZE || requests >= MAX_LIST_REQUESTS ? undefined : page.nextPage();
    if (!next) break;
    page = await next;
  }
  const listedAll = !page.nextPageUrl;

  const candidates = [...calls.values()].filter(isCandidate).sort((a, b) => startMs(b) - startMs(a));
  const shown = candidates.slice(0, HISTORY_PAGE_SIZE);
  if (cursor && shown.some((call) => !call.endTime || call.endTime.getTime() > cursor.t + 1000)) {
    // Legs of these calls that started after the cursor's second were not listed above.
    const latestEnd = Math.max(...shown.map((call) => call.endTime?.getTime() ?? Date.now()));
    const legs = await client.calls.page({ pageSize: 1000, startTimeAfter: new Date(cursor.t + 1000), startTimeBefore: new Date(latestEnd + 1000) });
    for (const call of legs.instances) calls.set(call.sid, call);
  }
  const legsOf = callFamilies(calls.values());

  const voicemails = await voicemailsOf(client, shown, legsOf, teamNumber);
  const entries = shown.map((call) => historyEntry(call, legsOf.get(call.sid) ?? [], teamNumber, voicemails.get(call.sid))!);
  return { entries, next: nextCursor(shown, candidates.length > shown.length || !listedAll, cursor, [...calls.values()]) };
}

/** The voicemail left on each unanswered inbound call of the page, in one request when there is any. */
async function voicemailsOf(client: Twilio, shown: CallRecord[], legsOf: Map<string, CallRecord[]>, teamNumber: string): Promise<Map<string, { id: string; seconds: number }>> {
  const found = new Map<string, { id: string; seconds: number }>();
  const unanswered = shown.filter((call) => historyEntry(call, legsOf.get(call.sid) ?? [], teamNumber)?.outcome !== 'answered' && call.to === teamNumber);
  if (!unanswered.length) return found;
  const from = Math.min(...unanswered.map(startMs));
  const until = Math.max(...unanswered.map((call) => call.endTime?.getTime() ?? Date.now())) + 60_000;
  const page = await client.recordings.page({ pageSize: 1000, dateCreatedAfter: new Date(from), dateCreatedBefore: new Date(until) });
  const byCall = new Map(unanswered.map((call) => [call.sid, call]));
  for (const recording of page.instances as RecordingRecord[]) {
    if (isVoicemail(recording, byCall.get(recording.callSid), teamNumber)) found.set(recording.callSid, { id: recording.sid, seconds: wholeSeconds(recording.duration) });
  }
  return found;
}

/** Where the next page starts, or null when this one showed the last of the history. */
function nextCursor(shown: CallRecord[], more: boolean, cursor: HistoryCursor | undefined, listed: CallRecord[]): string | null {
  if (!more) return null;
  const last = shown.at(-1);
  if (!last) {
    // Nothing of the team's in what was read: go on below the oldest call read.
    const t = Math.min(...listed.map(startMs));
    return listed.length && t !== cursor?.t ? encodeCursor({ t, s: [] }) : null;
  }
  const t = startMs(last);
  const sameSecond = shown.filter((call) => startMs(call) === t).map((call) => call.sid);
  return encodeCursor({ t, s: cursor?.t === t ? [...cursor.s, ...sameSecond] : sameSecond });
}

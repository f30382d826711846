/**
 * The fields of Twilio's Call and Recording resources that call history and voicemail read. The
 * `twilio` client's CallInstance and RecordingInstance have them (camelCase, dates as Date); the
 * REST API leaves some null, so the types here say so.
 */

/** A Call resource: a parent call, or a leg it dialled (`parentCallSid` set). */
export interface CallRecord {
  readonly sid: string;
  readonly parentCallSid: string | null;
  /** `+1…`, `client:alice`, or '' (a browser's call has no `To` of its own). */
  readonly from: string;
  readonly to: string;
  /** queued, ringing, in-progress, canceled, completed, failed, busy, no-answer */
  readonly status: string;
  /** inbound, outbound-api, outbound-dial */
  readonly direction: string;
  readonly startTime: Date | null;
  readonly endTime: Date | null;
  /** Whole seconds from answer to end, as text; '0' when never answered, null while it lasts. */
  readonly duration: string | null;
  /** Caller name (CNAM), when the number has Caller ID lookup. */
  readonly callerName: string | null;
}

/** A Recording resource. */
export interface RecordingRecord {
  readonly sid: string;
  /** Always the parent call. */
  readonly callSid: string;
  /** RecordVerb, DialVerb, Conference, OutboundAPI, StartCallRecordingAPI, Trunking */
  readonly source: string;
  /** processing, completed, absent, deleted */
  readonly status: string;
  readonly startTime: Date | null;
  readonly dateCreated: Date | null;
  /** Whole seconds, as text. */
  readonly duration: string | null;
}

/** A legal Recording SID: nothing else reaches the REST API from a page's parameter. */
export const RECORDING_SID = /^RE[0-9a-f]{32}$/;
/** A legal Call SID, likewise. */
export const CALL_SID = /^CA[0-9a-f]{32}$/;
/** A Conference SID as Twilio makes them. */
export const CONFERENCE_SID = /^CF[0-9a-f]{32}$/;

/** Whole seconds from Twilio's text (0 for anything else). */
export function wholeSeconds(text: string | null): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * Recording a live call through the REST API, as Twilio documents it:
 * - `POST /Calls/{CallSid}/Recordings.json` starts one on a call in progress (201):
 *   `RecordingChannels` mono|dual, `RecordingTrack` inbound|outbound|both, `Trim`
 *   trim-silence|do-not-trim, `RecordingStatusCallback` with `RecordingStatusCallbackEvent`
 *   (in-progress, completed, absent; space-separated or repeated);
 * - `POST /Calls/{CallSid}/Recordings/{Sid}.json` with `Status` paused|in-progress|stopped (and
 *   `PauseBehavior` skip|silence, silence by default) changes a live one; `Twilio.CURRENT` for the
 *   Sid names the call's newest live recording.
 * A call that is not in progress is refused (21220), as is a recording that already ended.
 */
import type { CallEngine } from '../calls/calls';
import type { RecordingStore, RecordingTrack } from '../calls/recordings';
import type { CallRecordingRequest } from '../calls/call-recordings';
import { WEB_URL } from './form-values';
import { callRecordingJson } from './recording-json';
import { badParameter, notFound } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestRoute } from './rest-route';

const CALL = '/Calls/(CA[0-9a-f]{32})';
/** A recording's Sid, or the name of the call's live one. */
const RECORDING = '(RE[0-9a-f]{32}|Twilio\\.CURRENT)';
const TRACKS = new Set<RecordingTrack>(['inbound', 'outbound', 'both']);
const EVENTS = new Set(['in-progress', 'completed', 'absent']);

/** One of `allowed` (or `fallback` when absent); anything else is refused (20001). */
function oneOf<T extends string>(form: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const value = form.get(name) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) throw badParameter(20001, `${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Reads and checks a create request. */
export function readRecordingRequest(form: URLSearchParams): CallRecordingRequest {
  const channels = oneOf(form, 'RecordingChannels', ['mono', 'dual'], 'mono');
  const track = oneOf(form, 'RecordingTrack', [...TRACKS], 'both');
  const trim = oneOf(form, 'Trim', ['trim-silence', 'do-not-trim'], 'do-not-trim') === 'trim-silence';
  oneOf(form, 'RecordingStatusCallbackMethod', ['POST'], 'POST');
  const statusCallback = form.get('RecordingStatusCallback') ?? undefined;
  if (statusCallback !== undefined && !WEB_URL.test(statusCallback)) throw badParameter(21205, 'RecordingStatusCallback is not a valid URL');
  const events = new Set(
    form
      .getAll('RecordingStatusCallbackEvent')
      .flatMap((value) => value.split(/[\s,]+/))
      .filter(Boolean),
  );
  for (const event of events) if (!EVENTS.has(event)) throw badParameter(20001, `RecordingStatusCallbackEvent must be among ${[...EVENTS].join(', ')}`);
  return { channels, track, trim, statusCallback, events: events.size ? events : new Set(['completed']) };
}

/** The live-recording routes of the account `accountSid`. */
export function callRecordingRoutes(accountSid: string, engine: CallEngine, store: RecordingStore): RestRoute[] {
  const notInProgress = () => badParameter(21220, 'Call is not in-progress. Cannot record.');
  const callOf = (request: RestRequest, callSid: string) => {
    if (!engine.calls().some((call) => call.sid === callSid || call.legs.some((leg) => leg.sid === callSid))) throw notFound(request.path);
    return engine.recordable(callSid);
  };
  return [
    {
      method: 'POST',
      pattern: new RegExp(`^${CALL}/Recordings\\.json$`),
      handle: (request, [callSid]) => {
        const recordingRequest = readRecordingRequest(request.form);
        const call = callOf(request, callSid);
        if (!call) throw notInProgress();
        return { status: 201, json: callRecordingJson(engine.callRecordings.start(callSid, call, recordingRequest), accountSid) };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${CALL}/Recordings/${RECORDING}\\.json$`),
      handle: (request, [callSid, sid]) => {
        const status = oneOf(request.form, 'Status', ['paused', 'in-progress', 'stopped'], '' as 'paused');
        const pauseBehavior = oneOf(request.form, 'PauseBehavior', ['skip', 'silence'], 'silence');
        callOf(request, callSid);
        const recording = sid === 'Twilio.CURRENT' ? engine.callRecordings.current(callSid) : store.get(sid);
        if (!recording || recording.callSid !== callSid) throw notFound(request.path);
        if (!engine.callRecordings.isLive(recording)) throw badParameter(21220, `Recording is ${recording.status}: it cannot be ${status === 'in-progress' ? 'resumed' : status}`);
        engine.callRecordings.update(recording, status, pauseBehavior);
        const json = callRecordingJson(recording, accountSid);
        // Twilio answers a stop with `stopped`; the file is stored (completed) after, as here at once.
        return { status: 200, json: status === 'stopped' ? { ...json, status: 'stopped' } : json };
      },
    },
  ];
}

/**
 * `/Recordings.json`, `/Recordings/{Sid}.json` and the same under `/Calls/{CallSid}/`: list
 * (filters `CallSid`, `ConferenceSid`, `DateCreated` with `>`/`<`; newest first), fetch, delete
 * (204), and the media at the recording's URI without `.json`: `.wav` (also no extension, as at
 * Twilio) or `.mp3` (media-files.ts), whole or by byte range (media-range.ts), once the recording
 * is completed. Media needs the same Basic auth as the rest of the API ("Enforce HTTP Auth on
 * Media URLs", on for new accounts; docs/twilio-limits.md). Live recordings of a call are
 * created and updated in call-recordings-resource.ts.
 */
import type { RecordingStore, SimRecording } from '../calls/recordings';
import { MediaFiles } from './media-files';
import { rangeAnswer } from './media-range';
import { page } from './paging';
import { callRecordingJson, recordingJson } from './recording-json';
import { dateFilters } from './rest-dates';
import { equalsFilter, newestFirst } from './list-query';
import { notFound } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestAnswer, RestRoute } from './rest-route';

const RE = '(RE[0-9a-f]{32})';
const CALL = '/Calls/(CA[0-9a-f]{32})';

/** The Recordings routes of the account `accountSid`. */
export function recordingRoutes(accountSid: string, store: RecordingStore): RestRoute[] {
  const files = new MediaFiles(store);
  const find = (request: RestRequest, sid: string, callSid?: string): SimRecording => {
    const recording = store.get(sid);
    if (!recording || (callSid && recording.callSid !== callSid)) throw notFound(request.path);
    return recording;
  };
  const list = (request: RestRequest, callSid?: string) => {
    const query = new URLSearchParams(request.query);
    if (callSid) query.set('CallSid', callSid);
    return listed(store.list(), query);
  };
  const remove = (request: RestRequest, sid: string, callSid?: string): RestAnswer => {
    store.delete(find(request, sid, callSid).sid);
    return { status: 204 };
  };
  const media = async (request: RestRequest, sid: string, extension: string): Promise<RestAnswer> => {
    const recording = find(request, sid);
    if (!MediaFiles.served(extension) || recording.status !== 'completed') throw notFound(request.path);
    const file = await files.file(recording, extension);
    return rangeAnswer(file.body, file.type, request.headers.range);
  };
  return [
    {
      method: 'GET',
      pattern: /^\/Recordings\.json$/,
      handle: (request) => ({
        status: 200,
        json: page(
          'recordings',
          list(request).map((r) => recordingJson(r, accountSid, request.origin)),
          request.path,
          request.query,
        ),
      }),
    },
    { method: 'GET', pattern: new RegExp(`^/Recordings/${RE}\\.json$`), handle: (request, [sid]) => ({ status: 200, json: recordingJson(find(request, sid), accountSid, request.origin) }) },
    { method: 'DELETE', pattern: new RegExp(`^/Recordings/${RE}\\.json$`), handle: (request, [sid]) => remove(request, sid) },
    { method: 'GET', pattern: new RegExp(`^/Recordings/${RE}(\\.[a-z0-9]{1,5})?$`), handle: (request, [sid, extension]) => media(request, sid, extension ?? '') },
    {
      method: 'GET',
      pattern: new RegExp(`^${CALL}/Recordings\\.json$`),
      handle: (request, [callSid]) => ({
        status: 200,
        json: page(
          'recordings',
          list(request, callSid).map((r) => callRecordingJson(r, accountSid)),
          request.path,
          request.query,
        ),
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${CALL}/Recordings/${RE}\\.json$`),
      handle: (request, [callSid, sid]) => ({ status: 200, json: callRecordingJson(find(request, sid, callSid), accountSid) }),
    },
    { method: 'DELETE', pattern: new RegExp(`^${CALL}/Recordings/${RE}\\.json$`), handle: (request, [callSid, sid]) => remove(request, sid, callSid) },
  ];
}

/** The recordings a list request asks for, newest first. */
function listed(recordings: SimRecording[], query: URLSearchParams): SimRecording[] {
  const created = dateFilters(query, 'DateCreated');
  const equal = equalsFilter(query);
  const kept = recordings.filter((r) => equal('CallSid', r.callSid) && equal('ConferenceSid', r.conferenceSid) && created(r.createdAt.toISOString()));
  return newestFirst(kept, (r) => r.createdAt.getTime());
}

/**
 * `/Calls.json` and `/Calls/{Sid}.json`: list (filters `To`, `From`, `ParentCallSid`, `Status`,
 * `StartTime`, `EndTime` with `>`/`<`; newest first), fetch, create and update, on the
 * simulator's call log and call engine.
 */
import type { CallEngine } from '../calls/calls';
import { readCallCreate } from './call-create';
import { applyApiCallUpdate, applyCallUpdate, readCallUpdate } from './call-updates';
import { callJson, callRows, type CallRow } from './call-json';
import { page } from './paging';
import { dateFilters } from './rest-dates';
import { badParameter, notFound } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestRoute } from './rest-route';

const SID = '(CA[0-9a-f]{32})';
const STATUSES = new Set(['queued', 'ringing', 'in-progress', 'canceled', 'completed', 'failed', 'busy', 'no-answer']);

/** The Calls routes of the account `accountSid`. */
export function callRoutes(accountSid: string, engine: CallEngine, callerIds: readonly string[]): RestRoute[] {
  const rows = () => callRows(engine.calls());
  const find = (request: RestRequest, sid: string): CallRow => {
    const row = rows().find((r) => r.sid === sid);
    if (!row) throw notFound(request.path);
    return row;
  };
  return [
    {
      method: 'POST',
      pattern: /^\/Calls\.json$/,
      handle: (request) => {
        const record = engine.api.create(readCallCreate(request.form, callerIds));
        return { status: 201, json: callJson(find(request, record.sid), accountSid) };
      },
    },
    { method: 'GET', pattern: /^\/Calls\.json$/, handle: (request) => ({ status: 200, json: page('calls', listed(rows(), request.query).map((row) => callJson(row, accountSid)), request.path, request.query) }) },
    { method: 'GET', pattern: new RegExp(`^/Calls/${SID}\\.json$`), handle: (request, [sid]) => ({ status: 200, json: callJson(find(request, sid), accountSid) }) },
    {
      method: 'POST',
      pattern: new RegExp(`^/Calls/${SID}\\.json$`),
      handle: (request, [sid]) => {
        find(request, sid);
        const update = readCallUpdate(request.form);
        const running = engine.running(sid);
        const apiCall = engine.api.find(sid);
        if (running) applyCallUpdate(running, update);
        else if (apiCall) applyApiCallUpdate(engine.api, apiCall, update);
        else if (update.redirect) throw badParameter(21220, 'Call is not in-progress. Cannot redirect.');
        return { status: 200, json: callJson(find(request, sid), accountSid) };
      },
    },
  ];
}

/** The rows a list request asks for, newest first. */
function listed(rows: CallRow[], query: URLSearchParams): CallRow[] {
  const status = query.get('Status');
  if (status !== null && !STATUSES.has(status)) throw badParameter(20001, `Status must be one of ${[...STATUSES].join(', ')}`);
  const bad = (name: string) => badParameter(20001, `${name} must be a date (YYYY-MM-DD) or a date and time (ISO 8601)`);
  const started = dateFilters(query, 'StartTime', bad);
  const ended = dateFilters(query, 'EndTime', bad);
  const equal = (name: string, value: string | null) => query.get(name) === null || query.get(name) === value;
  return rows
    .filter((row) => equal('To', row.to) && equal('From', row.from) && equal('ParentCallSid', row.parentCallSid) && equal('Status', row.status))
    .filter((row) => started(row.startedAt) && ended(row.endedAt))
    .reverse() // the log is oldest first; a stable sort keeps later ones first on equal times
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

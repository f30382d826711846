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
import { checkOneOf, equalsFilter, newestFirst } from './list-query';
import { badParameter, notFound } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestRoute } from './rest-route';

const SID = '(CA[0-9a-f]{32})';
const STATUSES = new Set(['queued', 'ringing', 'in-progress', 'canceled', 'completed', 'failed', 'busy', 'no-answer']);

/** The Calls routes of the account `accountSid`. */
export function callRoutes(accountSid: string, engine: CallEngine, callerIds: readonly string[]): RestRoute[] {
  // Rows copy the fields they show, so they are read from the live log: a copy of the whole log per request cost every call's signaling a few ms.
  const rows = () => callRows(engine.log.live());
  const find = (request: RestRequest, sid: string): CallRow => {
    const owner = engine.log.owner(sid);
    const row = owner && callRows([owner.call]).find((r) => r.sid === sid);
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
    {
      method: 'GET',
      pattern: /^\/Calls\.json$/,
      handle: (request) => ({
        status: 200,
        json: page(
          'calls',
          listed(rows(), request.query).map((row) => callJson(row, accountSid)),
          request.path,
          request.query,
        ),
      }),
    },
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
  checkOneOf(query, 'Status', STATUSES);
  const started = dateFilters(query, 'StartTime');
  const ended = dateFilters(query, 'EndTime');
  const equal = equalsFilter(query);
  const kept = rows.filter(
    (row) => equal('To', row.to) && equal('From', row.from) && equal('ParentCallSid', row.parentCallSid) && equal('Status', row.status) && started(row.startedAt) && ended(row.endedAt),
  );
  return newestFirst(kept, (row) => Date.parse(row.createdAt));
}

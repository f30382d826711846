/**
 * `/Conferences.json` (filters `FriendlyName`, `Status`, `DateCreated`, `DateUpdated` with
 * `>`/`<`; newest first), `/Conferences/{Sid}.json` (fetch; update `Status=completed` or
 * `AnnounceUrl`) and `/Conferences/{Sid}/Participants…` (list with `Muted`/`Hold`/`Coaching`,
 * fetch by CallSid or label, update `Hold`/`HoldUrl`/`Muted`/`EndConferenceOnExit`/`AnnounceUrl`,
 * delete = kick) and create (dial out into the conference, see participant-create.ts). A kicked
 * participant that the API dialled is hung up, as is each of them when the conference ends.
 */
import type { ConferenceStore, ParticipantChange, SimConference, SimParticipant } from '../calls/conferences';
import type { ApiCalls } from '../calls/api-calls';
import { conferenceJson, participantJson } from './conference-json';
import { createParticipant } from './participant-create';
import { page } from './paging';
import { dateFilters } from './rest-dates';
import { checkOneOf, equalsFilter, newestFirst } from './list-query';
import { badParameter, notFound, RestError } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestRoute } from './rest-route';

const CF = '(CF[0-9a-f]{32})';
const STATUSES = new Set(['init', 'in-progress', 'completed']);

/** `true`/`false` parameters as Twilio reads them; undefined when absent. */
function flag(form: URLSearchParams, name: string): boolean | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (!/^(true|false)$/i.test(value)) throw badParameter(20001, `${name} must be true or false`);
  return value.toLowerCase() === 'true';
}

function url(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (!/^https?:\/\/\S+$/.test(value)) throw badParameter(21205, `${name} is not a valid URL`);
  return value;
}

/** Reads a participant update. */
function participantChange(form: URLSearchParams): ParticipantChange {
  const change: ParticipantChange = {
    muted: flag(form, 'Muted'),
    hold: flag(form, 'Hold'),
    holdUrl: url(form, 'HoldUrl'),
    endConferenceOnExit: flag(form, 'EndConferenceOnExit'),
    announceUrl: url(form, 'AnnounceUrl'),
  };
  const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as ParticipantChange;
  if (!Object.keys(given).length) throw badParameter(20001, 'Nothing to update: give Muted, Hold, HoldUrl, EndConferenceOnExit or AnnounceUrl');
  return given;
}

/** The Conferences and Participants routes of the account `accountSid`. */
export function conferenceRoutes(accountSid: string, store: ConferenceStore, calls: ApiCalls, callerIds: readonly string[]): RestRoute[] {
  /** Hangs up the API-created calls among `callSids` (participants the API dialled in). */
  const hangUp = (callSids: string[]) => {
    for (const sid of callSids) {
      const call = calls.find(sid);
      if (call) calls.hangup(call);
    }
  };
  const find = (request: RestRequest, sid: string): SimConference => {
    const conference = store.get(sid);
    if (!conference) throw notFound(request.path);
    return conference;
  };
  const findParticipant = (request: RestRequest, sid: string, who: string): SimParticipant => {
    const participant = store.participant(find(request, sid).sid, decodeURIComponent(who));
    if (!participant) throw notFound(request.path);
    return participant;
  };
  const participantPath = new RegExp(`^/Conferences/${CF}/Participants/([^/]{1,200})\\.json$`);
  return [
    {
      method: 'GET',
      pattern: /^\/Conferences\.json$/,
      handle: (request) => ({
        status: 200,
        json: page(
          'conferences',
          listed(store.list(), request.query).map((c) => conferenceJson(c, accountSid)),
          request.path,
          request.query,
        ),
      }),
    },
    { method: 'GET', pattern: new RegExp(`^/Conferences/${CF}\\.json$`), handle: (request, [sid]) => ({ status: 200, json: conferenceJson(find(request, sid), accountSid) }) },
    {
      method: 'POST',
      pattern: new RegExp(`^/Conferences/${CF}\\.json$`),
      handle: (request, [sid]) => {
        const conference = find(request, sid);
        const status = request.form.get('Status');
        const announce = url(request.form, 'AnnounceUrl');
        if (status !== null && status !== 'completed') throw badParameter(20001, 'Status can only be completed');
        if (!status && !announce) throw badParameter(20001, 'Nothing to update: give Status or AnnounceUrl');
        if (announce && conference.status !== 'completed' && !store.announce(sid, announce)) throw new RestError(501, 20001, 'Announcements need the media plane, which does not mix this conference');
        if (status) {
          const participants = [...conference.participants.keys()];
          store.end(sid, 'conference-ended-via-api');
          hangUp(participants);
        }
        return { status: 200, json: conferenceJson(conference, accountSid) };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/Conferences/${CF}/Participants\\.json$`),
      handle: (request, [sid]) => {
        const participants = [...find(request, sid).participants.values()];
        const filters = { muted: flag(request.query, 'Muted'), hold: flag(request.query, 'Hold'), coaching: flag(request.query, 'Coaching') };
        const kept = participants.filter((p) => (filters.muted === undefined || p.muted === filters.muted) && (filters.hold === undefined || p.hold === filters.hold) && filters.coaching !== true);
        return {
          status: 200,
          json: page(
            'participants',
            kept.reverse().map((p) => participantJson(p, sid, accountSid)),
            request.path,
            request.query,
          ),
        };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/Conferences/${CF}/Participants\\.json$`),
      handle: (request, [sid]) => ({ status: 201, json: participantJson(createParticipant(find(request, sid), request.form, store, calls, callerIds), sid, accountSid) }),
    },
    { method: 'GET', pattern: participantPath, handle: (request, [sid, who]) => ({ status: 200, json: participantJson(findParticipant(request, sid, who), sid, accountSid) }) },
    {
      method: 'POST',
      pattern: participantPath,
      handle: (request, [sid, who]) => {
        const participant = findParticipant(request, sid, who);
        const change = participantChange(request.form);
        if (change.announceUrl && !store.isMixed(sid)) throw new RestError(501, 20001, 'Announcements need the media plane, which does not mix this conference');
        store.updateParticipant(sid, participant, change);
        return { status: 200, json: participantJson(participant, sid, accountSid) };
      },
    },
    {
      method: 'DELETE',
      pattern: participantPath,
      handle: (request, [sid, who]) => {
        const participant = findParticipant(request, sid, who);
        store.removeParticipant(sid, participant, true);
        hangUp([participant.callSid]);
        return { status: 204 };
      },
    },
  ];
}

/** The conferences a list request asks for, newest first. */
function listed(conferences: SimConference[], query: URLSearchParams): SimConference[] {
  checkOneOf(query, 'Status', STATUSES);
  const created = dateFilters(query, 'DateCreated');
  const updated = dateFilters(query, 'DateUpdated');
  const equal = equalsFilter(query);
  const kept = conferences.filter((c) => equal('FriendlyName', c.friendlyName) && equal('Status', c.status) && created(c.createdAt.toISOString()) && updated(c.updatedAt.toISOString()));
  return newestFirst(kept, (c) => c.createdAt.getTime());
}

/**
 * `/Conferences.json` (filters `FriendlyName`, `Status`, `DateCreated`, `DateUpdated` with
 * `>`/`<`; newest first), `/Conferences/{Sid}.json` (fetch; update `Status=completed` or
 * `AnnounceUrl`) and `/Conferences/{Sid}/Participants…` (list with `Muted`/`Hold`/`Coaching`,
 * fetch by CallSid or label, update `Hold`/`HoldUrl`/`Muted`/`EndConferenceOnExit`/`AnnounceUrl`,
 * delete = kick). Creating a participant (dialling out into a conference) is not simulated yet:
 * it answers 501 with a Twilio error body.
 */
import type { ConferenceStore, ParticipantChange, SimConference, SimParticipant } from '../calls/conferences';
import { conferenceJson, participantJson } from './conference-json';
import { page } from './paging';
import { dateFilters } from './rest-dates';
import { badParameter, notFound, RestError } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestRoute } from './rest-route';

const CF = '(CF[0-9a-f]{32})';
const STATUSES = new Set(['init', 'in-progress', 'completed']);

const badDate = (name: string) => badParameter(20001, `${name} must be a date (YYYY-MM-DD) or a date and time (ISO 8601)`);

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
  const change: ParticipantChange = { muted: flag(form, 'Muted'), hold: flag(form, 'Hold'), holdUrl: url(form, 'HoldUrl'), endConferenceOnExit: flag(form, 'EndConferenceOnExit'), announceUrl: url(form, 'AnnounceUrl') };
  const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as ParticipantChange;
  if (!Object.keys(given).length) throw badParameter(20001, 'Nothing to update: give Muted, Hold, HoldUrl, EndConferenceOnExit or AnnounceUrl');
  return given;
}

/** The Conferences and Participants routes of the account `accountSid`. */
export function conferenceRoutes(accountSid: string, store: ConferenceStore): RestRoute[] {
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
    { method: 'GET', pattern: /^\/Conferences\.json$/, handle: (request) => ({ status: 200, json: page('conferences', listed(store.list(), request.query).map((c) => conferenceJson(c, accountSid)), request.path, request.query) }) },
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
        if (status) store.end(sid, 'conference-ended-via-api');
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
        return { status: 200, json: page('participants', kept.reverse().map((p) => participantJson(p, sid, accountSid)), request.path, request.query) };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/Conferences/${CF}/Participants\\.json$`),
      handle: (request, [sid]) => {
        find(request, sid);
        throw new RestError(501, 20001, 'The simulator cannot dial participants into a conference yet (needs the media plane)');
      },
    },
    { method: 'GET', pattern: participantPath, handle: (request, [sid, who]) => ({ status: 200, json: participantJson(findParticipant(request, sid, who), sid, accountSid) }) },
    {
      method: 'POST',
      pattern: participantPath,
      handle: (request, [sid, who]) => {
        const participant = findParticipant(request, sid, who);
        store.updateParticipant(sid, participant, participantChange(request.form));
        return { status: 200, json: participantJson(participant, sid, accountSid) };
      },
    },
    {
      method: 'DELETE',
      pattern: participantPath,
      handle: (request, [sid, who]) => {
        store.removeParticipant(sid, findParticipant(request, sid, who), true);
        return { status: 204 };
      },
    },
  ];
}

/** The conferences a list request asks for, newest first. */
function listed(conferences: SimConference[], query: URLSearchParams): SimConference[] {
  const status = query.get('Status');
  if (status !== null && !STATUSES.has(status)) throw badParameter(20001, `Status must be one of ${[...STATUSES].join(', ')}`);
  const created = dateFilters(query, 'DateCreated', badDate);
  const updated = dateFilters(query, 'DateUpdated', badDate);
  const name = query.get('FriendlyName');
  return conferences
    .filter((c) => (name === null || c.friendlyName === name) && (status === null || c.status === status))
    .filter((c) => created(c.createdAt.toISOString()) && updated(c.updatedAt.toISOString()))
    .reverse() // the store is oldest first; a stable sort keeps later ones first on equal times
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Conferences and their participants as Twilio's resources (OpenAPI `api.v2010.account.conference` and `….conference.participant`). */
import type { SimConference, SimParticipant } from '../calls/conferences';
import { rfc2822 } from './rest-dates';

const conferencePath = (accountSid: string, sid: string) => `/2010-04-01/Accounts/${accountSid}/Conferences/${sid}`;

export function conferenceJson(conference: SimConference, accountSid: string): Record<string, unknown> {
  const path = conferencePath(accountSid, conference.sid);
  return {
    account_sid: accountSid,
    date_created: rfc2822(conference.createdAt),
    date_updated: rfc2822(conference.updatedAt),
    api_version: '2010-04-01',
    friendly_name: conference.friendlyName,
    region: 'us1',
    sid: conference.sid,
    status: conference.status,
    uri: `${path}.json`,
    subresource_uris: { participants: `${path}/Participants.json`, recordings: `${path}/Recordings.json` },
    reason_conference_ended: conference.reasonEnded ?? null,
    call_sid_ending_conference: conference.callSidEndingConference ?? null,
  };
}

export function participantJson(participant: SimParticipant, conferenceSid: string, accountSid: string): Record<string, unknown> {
  return {
    account_sid: accountSid,
    call_sid: participant.callSid,
    label: participant.label ?? null,
    call_sid_to_coach: null,
    coaching: false,
    conference_sid: conferenceSid,
    date_created: rfc2822(participant.createdAt),
    date_updated: rfc2822(participant.updatedAt),
    end_conference_on_exit: participant.endConferenceOnExit,
    muted: participant.muted,
    hold: participant.hold,
    start_conference_on_enter: participant.startConferenceOnEnter,
    status: participant.status,
    queue_time: '0',
    uri: `${conferencePath(accountSid, conferenceSid)}/Participants/${participant.callSid}.json`,
  };
}

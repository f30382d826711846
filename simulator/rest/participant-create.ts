/**
 * `POST /Conferences/{Sid}/Participants.json`: dials `To` into the conference as Twilio does, with
 * an API-created call (queued with the account's other calls at 1 per second) whose TwiML is
 * `<Dial><Conference>` of the conference's name. The participant is listed from the start
 * (`queued`), follows its call (`ringing`, `connected`) and leaves when the call ends; kicking
 * it or ending the conference hangs its call up.
 */
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { ApiCalls } from '../calls/api-calls';
import type { ConferenceStore, SimConference, SimParticipant } from '../calls/conferences';
import { readCallCreate } from './call-create';
import { badParameter } from './rest-errors';

/** Call parameters of a participant create that mean the same as for a call create. */
const CALL_PARAMETERS = ['To', 'From', 'Timeout', 'StatusCallback', 'StatusCallbackEvent'];
/** `Beep` as Twilio accepts it. */
const BEEP_VALUES = ['true', 'false', 'onEnter', 'onExit'];

function flag(form: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = form.get(name);
  if (value === null) return fallback;
  if (!/^(true|false)$/i.test(value)) throw badParameter(20001, `${name} must be true or false`);
  return value.toLowerCase() === 'true';
}

/** Creates the participant and queues its call. */
export function createParticipant(conference: SimConference, form: URLSearchParams, store: ConferenceStore, calls: ApiCalls, callerIds: readonly string[]): SimParticipant {
  if (conference.status === 'completed') throw badParameter(20001, 'The conference is already completed');
  const label = form.get('Label') ?? undefined;
  if (label !== undefined && (!label || label.length > 128)) throw badParameter(20001, 'Label must be 1 to 128 characters');
  const settings = { muted: flag(form, 'Muted', false), startConferenceOnEnter: flag(form, 'StartConferenceOnEnter', true), endConferenceOnExit: flag(form, 'EndConferenceOnExit', false) };
  const beep = form.get('Beep') ?? undefined;
  if (beep !== undefined && !BEEP_VALUES.includes(beep)) throw badParameter(20001, `Beep must be one of ${BEEP_VALUES.join(', ')}`);
  const twiml = new VoiceResponse();
  // The call joins with the participant's settings (kept in the store); the beep is the noun's.
  twiml.dial().conference(beep ? { beep: beep as 'true' } : {}, conference.friendlyName);
  const callForm = new URLSearchParams([...form].filter(([name]) => CALL_PARAMETERS.includes(name)));
  callForm.set('Twiml', twiml.toString());
  const request = readCallCreate(callForm, callerIds, { customParameters: true });
  let participant: SimParticipant | undefined;
  const record = calls.create(request, (status) => {
    if (!participant || !store.isIn(conference.sid, participant)) return;
    if (status === 'ringing') return store.participantStatus(conference.sid, participant, 'ringing');
    if (status === 'in-progress') return store.participantStatus(conference.sid, participant, 'connected');
    const connected = participant.status === 'connected';
    store.removeParticipant(conference.sid, participant, false);
    if (!connected) store.participantStatus(conference.sid, participant, 'failed');
  });
  participant = store.join(conference.sid, { callSid: record.sid, ...(label ? { label } : {}), status: 'queued', hold: false, ...settings });
  return participant;
}

/**
 * What the account's stores report, written into the call log as events of the calls concerned:
 * conference joins and leaves, hold and resume, a participant dialled in by the REST API (a
 * consultation), a conference's end, recordings started and completed. A conference event goes
 * to every call with a party in that conference, so each call's log tells the conference's story
 * as its parties lived it; each event links the REST resource it concerns on the simulator's own URL.
 */
import { now, type CallLog, type SimCall, type SimEvent } from './call-log';
import type { ConferenceChange, ConferenceStore, SimParticipant } from './conferences';
import type { RecordingChange, RecordingStore, SimRecording } from './recordings';
import { recordingPath, recordingSeconds } from './recordings';

export interface CallEventsOptions {
  log: CallLog;
  conferences: ConferenceStore;
  recordings: RecordingStore;
  /** The simulator's own URL (http://localhost:PORT): the events' links point there. */
  publicUrl: string;
  accountSid: string;
  /** Hears each event once (npm start prints them). */
  print(line: string): void;
}

/** How a party left: never reached, kicked through the REST API, or its call went on (or the conference ended). */
const LEAVE_HOW = (change: Extract<ConferenceChange, { type: 'leave' }>) => (!change.wasConnected ? 'never got into' : change.kicked ? 'was removed from' : 'left');

/** Notes the stores' changes in the call log from now on. */
export function noteStoreChanges(options: CallEventsOptions): void {
  const { log, publicUrl, accountSid } = options;
  /** Conference → CallSids of its parties (those dialled in included), so every one of their calls hears its events. */
  const parties = new Map<string, Set<string>>();

  /** Adds `event` once to each distinct call that owns one of `callSids`; `about` is the party it concerns. */
  const add = (callSids: Iterable<string>, about: string | undefined, event: Omit<SimEvent, 'at' | 'callSid'>) => {
    const calls = new Set<SimCall>();
    for (const sid of callSids) {
      const owner = log.owner(sid)?.call;
      if (owner) calls.add(owner);
    }
    for (const call of calls) call.events.push({ at: now(), ...event, ...(about && about !== call.sid ? { callSid: about } : {}) });
    if (calls.size) options.print(event.text);
  };

  const who = (participant: SimParticipant) => (participant.label ? `${participant.label} (${participant.callSid})` : participant.callSid);

  options.conferences.onChange((change) => {
    const { conference } = change;
    const members = parties.get(conference.sid) ?? new Set<string>();
    parties.set(conference.sid, members);
    const where = `conference ${conference.friendlyName} (${conference.sid})`;
    const url = `${publicUrl}/2010-04-01/Accounts/${accountSid}/Conferences/${conference.sid}.json`;
    const base = { conferenceSid: conference.sid, url };
    if (change.type === 'end') {
      const ender = conference.callSidEndingConference;
      add([...members, ...(ender ? [ender] : [])], undefined, { ...base, type: 'conference-end', text: `${where} ended: ${conference.reasonEnded ?? 'completed'}${ender ? ` (${ender})` : ''}` });
      parties.delete(conference.sid);
      return;
    }
    const { participant } = change;
    members.add(participant.callSid);
    if (change.type === 'dialled') {
      const dialled = log.owner(participant.callSid);
      if (dialled && !dialled.leg) dialled.call.conference = { sid: conference.sid, friendlyName: conference.friendlyName };
      const to = dialled?.leg?.to ?? dialled?.call.to ?? 'a party';
      add(members, participant.callSid, { ...base, type: 'participant-dialled', text: `${to} is being dialled into ${where} as ${who(participant)} by the Participants API` });
      return;
    }
    const texts = {
      join: `${who(participant)} joined ${where}`,
      hold: `${who(participant)} put on hold in ${where}`,
      resume: `${who(participant)} taken off hold in ${where}`,
      leave: change.type === 'leave' ? `${who(participant)} ${LEAVE_HOW(change)} ${where}${conference.status === 'completed' ? ' as it ended' : ''}` : '',
    };
    const type = ({ join: 'conference-join', hold: 'hold', resume: 'resume', leave: 'conference-leave' } as const)[change.type];
    add(members, participant.callSid, { ...base, type, text: texts[change.type] });
    // Parties the conference's end hung up still hear that it ended.
    if (change.type === 'leave' && conference.status !== 'completed') members.delete(participant.callSid);
  });

  options.recordings.onChange((recording: SimRecording, change: RecordingChange) => {
    const path = recordingPath(recording, accountSid);
    const source = `(${recording.source}${recording.conferenceSid ? ` of conference ${recording.conferenceSid}` : ''})`;
    const events: Record<RecordingChange, Omit<SimEvent, 'at' | 'callSid'>> = {
      started: { type: 'recording-started', text: `recording ${recording.sid} started ${source}`, url: `${publicUrl}${path}.json` },
      completed: { type: 'recording-completed', text: `recording ${recording.sid} completed ${source}: ${recordingSeconds(recording)} s`, url: `${publicUrl}${path}.mp3` },
      absent: { type: 'recording-absent', text: `recording ${recording.sid} ended with no audio ${source}; Twilio keeps no such recording` },
    };
    add([recording.callSid], recording.callSid, { ...events[change], recordingSid: recording.sid, ...(recording.conferenceSid ? { conferenceSid: recording.conferenceSid } : {}) });
  });
}

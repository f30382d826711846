/**
 * A call's conference as `<Conference>` leaves it after call-control moved the call into it
 * (`sb-<root CallSid>`, each party connected, labelled, ending the conference when it leaves):
 * arranged straight in the simulator's ConferenceStore, for tests that need the conference before
 * the simulator mixes conferences itself.
 */
import type { Simulator } from '../../simulator';
import type { SimConference } from '../../simulator/calls/conferences';

/** Opens `sb-<rootCallSid>` with `parties` ([CallSid, label]) connected in it. */
export function arrangeConference(sim: Simulator, rootCallSid: string, parties: ReadonlyArray<readonly [string, string]>): SimConference {
  const room = sim.conferences.open(`sb-${rootCallSid}`);
  for (const [callSid, label] of parties) {
    sim.conferences.join(room.sid, { callSid, label, status: 'connected', muted: false, hold: false, startConferenceOnEnter: true, endConferenceOnExit: true });
  }
  return room;
}

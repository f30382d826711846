/**
 * What a dialled leg's status callback changes in the team's state: whoever the leg concerns is on
 * a call from `answered` to its end (the Team list, the transfer chooser), and its end moves the
 * history's marker. Heard by /leg-status (every leg TwiML dials) and by /conference-status (a
 * consultation's leg, which the Participants API dials with one status callback for everything).
 */
import { loadConfig } from '../config/config';
import { param } from '../runtime/event';
import { logEvent, twilioClient, type FunctionContext } from '../runtime/serverless';
import { functionStore } from '../store/function-store';
import { StoreFailure } from '../store/store-failure';
import { changesPresence, notePresence, partiesOf, type LegStatus } from './call-presence';
import { markChanged } from './change-markers';

/** Notes the leg's status (signed callback parameters) in the team's store; one log line per event. */
export async function noteLegStatus(params: Record<string, unknown>, context: FunctionContext): Promise<void> {
  const leg: LegStatus = { sid: param(params, 'CallSid'), status: param(params, 'CallStatus'), from: param(params, 'From'), to: param(params, 'To'), direction: param(params, 'Direction') };
  logEvent('leg-status', { CallSid: leg.sid, ParentCallSid: param(params, 'ParentCallSid'), CallStatus: leg.status, From: leg.from.slice(0, 128), To: leg.to.slice(0, 128) });
  const store = functionStore(context);
  if (!store || !changesPresence(leg.status)) return;
  const parent = param(params, 'ParentCallSid');
  const parentFrom = async () => (parent ? (await twilioClient(context).calls(parent).fetch()).from : '');
  for (const party of await partiesOf(leg, loadConfig(context).team, parentFrom)) {
    try {
      await notePresence(store, party, leg);
    } catch (error) {
      if (!(error instanceof StoreFailure)) throw error;
      logEvent('presence-write-skipped', { identity: party.identity, ...error.toLog() });
    }
  }
  if (leg.status !== 'in-progress') await markChanged(store, ['history']);
}

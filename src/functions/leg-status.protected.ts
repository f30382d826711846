/**
 * POST /leg-status — the status callback of every leg the Functions dial to a teammate or a
 * number: whoever it concerns is on a call from `answered` to its end (the Team list, the
 * transfer chooser), and its end moves the history's marker. One log line per event.
 */
import { loadConfig } from '../lib/config/config';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { param } from '../lib/runtime/event';
import { logEvent, twilioClient } from '../lib/runtime/serverless';
import { functionStore } from '../lib/store/function-store';
import { StoreFailure } from '../lib/store/store-failure';
import { changesPresence, notePresence, partiesOf, type LegStatus } from '../lib/team/call-presence';
import { markChanged } from '../lib/team/change-markers';
import { emptyResponse } from '../lib/voice/twiml';

export const handler = twilioWebhook(async (params, context) => {
  const leg: LegStatus = { sid: param(params, 'CallSid'), status: param(params, 'CallStatus'), from: param(params, 'From'), to: param(params, 'To') };
  logEvent('leg-status', { CallSid: leg.sid, ParentCallSid: param(params, 'ParentCallSid'), CallStatus: leg.status, From: leg.from.slice(0, 128), To: leg.to.slice(0, 128) });
  const store = functionStore(context);
  if (!store || !changesPresence(leg.status)) return emptyResponse();
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
  return emptyResponse();
});

/**
 * POST /call-control — hold, resume, transfer, consult, complete, cancel, merge (README "Hold and transfer") for a
 * teammate who is a live party of the call, checked through Twilio's REST API. Bearer session.
 * Holding the caller pauses the call's recording, if any, and taking them off hold resumes it.
 */
import { answerControl } from '../lib/call-control/control-endpoint';
import { twilioControlApi } from '../lib/call-control/control-api';
import { dataFunction } from '../lib/endpoints/data-function';
import { recordingContext, recordingHoldFollowers } from '../lib/recording/recording-context';
import { onDoNotDisturb } from '../lib/team/do-not-disturb';

export const handler = dataFunction(({ client, config, domain, identity, params, contentType, store }) => {
  const api = twilioControlApi(() => client);
  const hold = recordingHoldFollowers(recordingContext(() => client, config, domain, api));
  return answerControl({ api, config, domain, hold, away: () => onDoNotDisturb(store) }, identity, params, contentType);
});

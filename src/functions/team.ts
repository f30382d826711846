/**
 * GET /team — the page's one request per update: everyone's presence, my do-not-disturb and the
 * tags of voicemail and history (src/lib/contract/team.ts), with an ETag; 304 when unchanged.
 * Bearer session required.
 */
import { header } from '../lib/runtime/event';
import { httpResponse, twilioClient, type SwitchboardFunction } from '../lib/runtime/serverless';
import { TeamStore } from '../lib/store/team-store';
import { answerTeamRequest } from '../lib/team/team-endpoint';

export const handler: SwitchboardFunction = async (context, event, callback) => {
  const answer = await answerTeamRequest(context, header(event, 'authorization'), header(event, 'if-none-match'), (serviceSid) => TeamStore.of(() => twilioClient(context), serviceSid));
  callback(null, httpResponse(answer.status, answer.body, answer.headers));
};

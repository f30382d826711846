/**
 * GET /token — public: checks the team member's Basic credentials (sign-in, throttled per name in
 * the team's store) or current token (`Bearer`, renewal) itself, then returns a Voice AccessToken
 * (src/lib/contract/token.ts). `?platform=ios|android` adds the push credential for the mobile SDKs.
 */
import { httpResponse, twilioClient, type SwitchboardFunction } from '../lib/runtime/serverless';
import { answerTokenRequest } from '../lib/auth/token-endpoint';
import { header, param } from '../lib/runtime/event';
import { TeamStore } from '../lib/store/team-store';

export const handler: SwitchboardFunction = async (context, event, callback) => {
  const answer = await answerTokenRequest(
    context,
    {
      authorization: header(event, 'authorization'),
      platform: param(event, 'platform'),
      fromScript: header(event, 'x-requested-with') !== '',
    },
    (serviceSid) => TeamStore.of(() => twilioClient(context), serviceSid),
  );
  callback(null, httpResponse(answer.status, answer.body, answer.headers));
};

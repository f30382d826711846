/** Builds a data Function: the runtime's side of data-endpoint.ts (request in, Response out). */
import type { Twilio } from 'twilio';
import { answerDataRequest, type DataAnswer, type DataSession } from './data-endpoint';
import { header, signedParams } from '../runtime/event';
import type { Credentials } from '../voicemail/recording-media';
import { httpResponse, twilioClient, type SwitchboardFunction } from '../runtime/serverless';
import { TeamStore } from '../store/team-store';

/** What a data Function's work gets: the session, the REST client, the request's parameters. */
export interface DataRequest extends DataSession {
  readonly client: Twilio;
  /** Query, form or JSON parameters (deployed Functions merge them). */
  readonly params: Record<string, unknown>;
  /** The request's Content-Type ('' when absent). */
  readonly contentType: string;
  readonly credentials: Credentials;
  /** DOMAIN_NAME: where Twilio finds our webhooks. */
  readonly domain: string;
}

/** A Function that serves a verified teammate with `serve` (see data-endpoint.ts). */
export function dataFunction(serve: (request: DataRequest) => Promise<DataAnswer>): SwitchboardFunction {
  return async (context, event, callback) => {
    const answer = await answerDataRequest(
      context,
      context.PATH,
      header(event, 'authorization'),
      (session) =>
        // Inside the guarded work: getTwilioClient() throws on a malformed ACCOUNT_SID or AUTH_TOKEN.
        serve({
          ...session,
          client: twilioClient(context),
          params: signedParams(event),
          contentType: header(event, 'content-type'),
          credentials: { username: context.ACCOUNT_SID ?? '', password: context.AUTH_TOKEN ?? '' },
          domain: context.DOMAIN_NAME,
        }),
      (serviceSid) => TeamStore.of(() => twilioClient(context), serviceSid),
    );
    callback(null, httpResponse(answer.status, answer.body, answer.headers));
  };
}

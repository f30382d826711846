/** Builds a data Function: the runtime's side of data-endpoint.ts (request in, Response out). */
import type { Twilio } from 'twilio';
import { answerDataRequest, answerLinkRequest, type DataAnswer, type DataSession } from './data-endpoint';
import { header, signedParams, type RuntimeEvent } from '../runtime/event';
import type { Credentials } from '../voicemail/recording-media';
import { isLinkRequest } from '../recording/recording-link';
import { httpResponse, twilioClient, type FunctionContext, type SwitchboardFunction } from '../runtime/serverless';
import { TeamStore } from '../store/team-store';

/** What a data Function's work gets: the session, the REST client, the request's parameters. */
export interface DataRequest extends DataSession {
  readonly client: Twilio;
  /** Query, form or JSON parameters (deployed Functions merge them). */
  readonly params: Record<string, unknown>;
  /** The request's Content-Type ('' when absent). */
  readonly contentType: string;
  /** The request's Range header ('' when absent): a player asking for part of a recording. */
  readonly range: string;
  readonly credentials: Credentials;
  /** DOMAIN_NAME: where Twilio finds our webhooks. */
  readonly domain: string;
}

/** The request of a verified teammate's `session`; the REST client is made inside the guarded work (it throws on a malformed ACCOUNT_SID or AUTH_TOKEN). */
function dataRequest(context: FunctionContext, event: RuntimeEvent, session: DataSession): DataRequest {
  return {
    ...session,
    client: twilioClient(context),
    params: signedParams(event),
    contentType: header(event, 'content-type'),
    range: header(event, 'range'),
    credentials: { username: context.ACCOUNT_SID ?? '', password: context.AUTH_TOKEN ?? '' },
    domain: context.DOMAIN_NAME,
  };
}

/** Opens the team's store over the Function's REST client (sessions and links are checked against its revocations). */
const teamStore = (context: FunctionContext) => (serviceSid: string) => TeamStore.of(() => twilioClient(context), serviceSid);

/** A Function that serves a verified teammate with `serve` (see data-endpoint.ts). */
export function dataFunction(serve: (request: DataRequest) => Promise<DataAnswer>): SwitchboardFunction {
  return async (context, event, callback) => {
    const answer = await answerDataRequest(context, context.PATH, header(event, 'authorization'), (session) => serve(dataRequest(context, event, session)), teamStore(context));
    callback(null, httpResponse(answer.status, answer.body, answer.headers));
  };
}

/**
 * A data Function that also serves a request carrying a signed link to a recording's audio
 * (recording-link.ts) instead of a Bearer token: `serve` then gets the recording the link names
 * as `linked`, and nothing else may be asked with it.
 */
export function dataOrLinkFunction(serve: (request: DataRequest, linked?: string) => Promise<DataAnswer>): SwitchboardFunction {
  return async (context, event, callback) => {
    const params = signedParams(event);
    const answer = isLinkRequest(params)
      ? await answerLinkRequest(context, context.PATH, params, (session) => serve(dataRequest(context, event, session), session.id), teamStore(context))
      : await answerDataRequest(context, context.PATH, header(event, 'authorization'), (session) => serve(dataRequest(context, event, session)), teamStore(context));
    callback(null, httpResponse(answer.status, answer.body, answer.headers));
  };
}

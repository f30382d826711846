/**
 * The simulator's stand-in for Twilio's REST API (docs/twilio-limits.md) at Twilio's own paths,
 * `/2010-04-01/Accounts/{AccountSid}/…`: Basic auth, form-encoded bodies, JSON answers with
 * Twilio's fields, paging and error bodies. The interception proxy (for the Functions) and the
 * front URL (for people and scripts) both hand their requests here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAuthorised, type Credentials } from './basic-auth';
import { errorBody, notFound, RestError } from './rest-errors';
import { readRestRequest } from './rest-request';
import type { RestAnswer, RestRoute } from './rest-route';

/** Every REST path starts with this. */
export const REST_PREFIX = '/2010-04-01/';

export interface RestApiOptions {
  accountSid: string;
  /** username → password: the account SID and auth token, the API key and secret. */
  credentials: Credentials;
  /** The resources' routes (Calls, Recordings, Conferences, …). */
  routes: readonly RestRoute[];
}

function write(response: ServerResponse, answer: RestAnswer, head: boolean): void {
  if (!('json' in answer) && !('body' in answer)) {
    response.writeHead(204);
    response.end();
    return;
  }
  const [type, body] = 'json' in answer ? ['application/json; charset=utf-8', Buffer.from(JSON.stringify(answer.json))] : [answer.type, answer.body];
  response.writeHead(answer.status, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store', 'Twilio-Request-Id': `RQ${Date.now().toString(16).padStart(32, '0')}` });
  response.end(head ? undefined : body);
}

/** The REST API: `handle` answers one HTTP request. */
export class RestApi {
  constructor(private readonly options: RestApiOptions) {}

  /** Answers `request`; never throws, never answers 500 with details. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const head = request.method === 'HEAD';
    this.answer(request)
      .catch((error: unknown) => {
        if (error instanceof RestError) return { status: error.status, json: errorBody(error) };
        return { status: 500, json: errorBody(new RestError(500, 20500, 'Internal Server Error')) };
      })
      .then((answer) => {
        if (answer.status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
        write(response, answer, head);
      })
      .catch(() => response.destroy());
  }

  private async answer(incoming: IncomingMessage): Promise<RestAnswer> {
    const request = await readRestRequest(incoming);
    if (!isAuthorised(incoming.headers.authorization, this.options.credentials)) throw new RestError(401, 20003, 'Authenticate');
    const match = /^\/2010-04-01\/Accounts\/([^/]+)(\/.*)$/.exec(request.path);
    if (!match) throw notFound(request.path);
    // Valid credentials for a path of another account: Twilio answers 20003 as well.
    if (match[1] !== this.options.accountSid) throw new RestError(401, 20003, 'Authenticate');
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    let allowed = false;
    for (const route of this.options.routes) {
      const params = route.pattern.exec(match[2]);
      if (!params) continue;
      if (route.method === method) return route.handle(request, params.slice(1));
      allowed = true;
    }
    if (allowed) throw new RestError(405, 20004, `Method ${method.slice(0, 10)} not allowed on ${request.path.slice(0, 200)}`);
    throw notFound(request.path);
  }
}

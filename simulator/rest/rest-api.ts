/**
 * The simulator's stand-in for Twilio's REST API: each product on its own host
 * (`api.twilio.com` at `/2010-04-01/Accounts/{AccountSid}/…`, `sync.twilio.com` and
 * `serverless.twilio.com` at `/v1/…`), with Basic auth, form-encoded bodies, JSON answers with
 * Twilio's fields, paging and error bodies. The interception proxy (for the Functions and the CLI
 * tools) hands its requests here by host; the front URL (for people and scripts) by path, for the
 * products that answer there.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Product } from './api-hosts';
import { isAuthorised, type Credentials } from './basic-auth';
import { errorBody, notFound, RestError } from './rest-errors';
import { readRestRequest, type RestRequest } from './rest-request';
import type { RestAnswer, RestRoute } from './rest-route';

/** The account's own resources (v2010): their routes match the path after the account's. */
const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/([^/]+?)(\.json|\/.*)$/;

/** One of Twilio's REST products. */
export interface RestProduct {
  product: Product;
  /** Every path of the product starts with this (`/2010-04-01/`, `/v1/`). */
  prefix: string;
  /** True when it answers at its paths on the front URL too. */
  front: boolean;
  /** Matched against the path after the account's (v2010) or after `/v1` (the others). */
  routes: readonly RestRoute[];
  /** The clock its answers' `Date` header reads (Twilio's own time); the process's clock when absent. */
  clock?: () => number;
}

export interface RestApiOptions {
  accountSid: string;
  credentials: Credentials;
  products: readonly RestProduct[];
  /** The region a request to the front URL is in (the account's own). */
  frontRegion: string;
}

function write(response: ServerResponse, answer: RestAnswer, head: boolean, clock?: () => number): void {
  if (clock) response.setHeader('Date', new Date(clock()).toUTCString());
  if (!('json' in answer) && !('body' in answer)) {
    response.writeHead(204);
    response.end();
    return;
  }
  const [type, body] = 'json' in answer ? ['application/json; charset=utf-8', Buffer.from(JSON.stringify(answer.json))] : [answer.type, answer.body];
  response.writeHead(answer.status, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'Twilio-Request-Id': `RQ${Date.now().toString(16).padStart(32, '0')}`,
    ...('etag' in answer && answer.etag !== undefined ? { ETag: answer.etag } : {}),
    ...('headers' in answer ? answer.headers : {}),
  });
  response.end(head ? undefined : body);
}

/** The REST API: `handle` answers one HTTP request. */
export class RestApi {
  constructor(private readonly options: RestApiOptions) {}

  /** True when `path` on the front URL is one of the REST API's. */
  servesFrontPath(path: string): boolean {
    return this.options.products.some((p) => p.front && path.startsWith(p.prefix));
  }

  /** Answers `request`; never throws, never answers 500 with details. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const head = request.method === 'HEAD';
    let product: RestProduct | undefined;
    this.answer(request, (found) => (product = found))
      .catch((error: unknown) => {
        if (error instanceof RestError) return { status: error.status, json: errorBody(error) };
        return { status: 500, json: errorBody(new RestError(500, 20500, 'Internal Server Error')) };
      })
      .then((answer) => {
        if (answer.status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
        write(response, answer, head, product?.clock);
      })
      .catch(() => response.destroy());
  }

  private productOf(request: RestRequest): RestProduct | undefined {
    const { products } = this.options;
    const product = request.viaProxy ? products.find((p) => p.product === request.product) : products.find((p) => p.front && request.path.startsWith(p.prefix));
    return product && request.path.startsWith(product.prefix) ? product : undefined;
  }

  /** The answer to `incoming`; `found` learns which product it is for, as soon as that is known. */
  private async answer(incoming: IncomingMessage, found: (product: RestProduct) => void): Promise<RestAnswer> {
    const request = await readRestRequest(incoming, this.options.frontRegion);
    const product = this.productOf(request);
    if (product) found(product);
    if (!isAuthorised(incoming.headers.authorization, this.options.credentials, request.region)) throw new RestError(401, 20003, 'Authenticate');
    if (!product) throw notFound(request.path);
    let rest = request.path.slice(product.prefix.length - 1);
    if (product.product === 'api') {
      const match = ACCOUNT_PATH.exec(request.path);
      if (!match) throw notFound(request.path);
      // Valid credentials for a path of another account: Twilio answers 20003 as well.
      if (match[1] !== this.options.accountSid) throw new RestError(401, 20003, 'Authenticate');
      rest = match[2];
    }
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    let allowed = false;
    for (const route of product.routes) {
      const params = route.pattern.exec(rest);
      if (!params) continue;
      if (route.method === method) return route.handle(request, params.slice(1));
      allowed = true;
    }
    if (allowed) throw new RestError(405, 20004, `Method ${method.slice(0, 10)} not allowed on ${request.path.slice(0, 200)}`);
    throw notFound(request.path);
  }
}

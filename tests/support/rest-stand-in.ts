/**
 * A stand-in for Twilio's REST API that knows no resource and records every request: a Function
 * given its proxy (HTTP_PROXY, as the simulator's) reaches it through `context.getTwilioClient()`
 * exactly as deployed. A fetched resource is Twilio's 404 (20404), a list is an empty page. Tests
 * read `requests` to see what a Function asked Twilio, e.g. nothing at all for a refused webhook.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RestProxySettings } from '../../build/local-runtime';
import { API_HOSTS } from '../../simulator/rest/api-hosts';
import { makeCertificates } from '../../simulator/rest/certificate-authority';
import { startInterceptingProxy } from '../../simulator/rest/intercepting-proxy';

export interface RestStandIn {
  /** `METHOD host/path?query` of each request, in the order they came. */
  readonly requests: string[];
  readonly proxy: RestProxySettings;
  close(): Promise<void>;
}

/** `…/Participants.json` → `participants`: the key Twilio's list pages hold their items under. */
const LIST = /\/([A-Z][A-Za-z]+)\.json$/;

function answer(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', `https://${request.headers.host}`);
  const list = request.method === 'GET' ? LIST.exec(url.pathname) : null;
  const [status, body] = list
    ? [200, { [list[1].toLowerCase()]: [], uri: url.pathname, first_page_uri: url.pathname, next_page_uri: null, previous_page_uri: null, page: 0, page_size: 50, start: 0, end: 0 }]
    : [404, { code: 20404, message: `The requested resource ${url.pathname} was not found`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 }];
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function startRestStandIn(): Promise<RestStandIn> {
  const requests: string[] = [];
  const certificates = await makeCertificates(API_HOSTS);
  const proxy = await startInterceptingProxy({
    hosts: API_HOSTS,
    certificates,
    handler: (request, response) => {
      requests.push(`${request.method} ${request.headers.host}${request.url}`);
      request.resume();
      request.on('end', () => answer(request, response));
    },
  });
  return { requests, proxy: { url: proxy.url, caFile: certificates.caFile }, close: () => proxy.close() };
}

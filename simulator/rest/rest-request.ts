/**
 * One request to the REST API as its handlers see it: the path, the parameters (query string,
 * and the form-encoded body of a POST), its headers, which Twilio host and region it went to, and
 * where the answer's absolute URLs should point.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { hostTarget, type Product } from './api-hosts';
import { RestError } from './rest-errors';

/** Twilio refuses bodies larger than this; the longest legitimate one (Twiml) is 4,000 characters. */
const MAX_BODY_BYTES = 64 * 1024;

export interface RestRequest {
  method: string;
  /** Path without query, e.g. `/2010-04-01/Accounts/AC…/Calls.json`. */
  path: string;
  /** Query-string parameters (list filters, paging). */
  query: URLSearchParams;
  /** Form-encoded body parameters (create and update). */
  form: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** True for a request through the interception proxy (to a Twilio host), false on the front URL. */
  viaProxy: boolean;
  /** The product whose host the request went to through the proxy. */
  product?: Product;
  /** The region of that host (`us1` when it names none), or the front URL's. */
  region: string;
  /** `https://api.twilio.com` through the proxy, `http://localhost:PORT` on the front URL: base of absolute URLs such as `media_url`. */
  origin: string;
}

/** Reads the body (form-encoded only, bounded) of `request`; `frontRegion` is the region of a request to the front URL. */
export async function readRestRequest(request: IncomingMessage, frontRegion: string): Promise<RestRequest> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const chunks: Buffer[] = [];
  let size = 0;
  // A body over the limit is still read to its end (and dropped) before the 413: leaving it half
  // read would desynchronise the keep-alive connection. Node neither drains nor closes it then, so
  // the client, which got a complete answer, sends its next request on it; that request waits
  // behind the unread bytes until the keep-alive timeout destroys the socket with a reset.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw new RestError(413, 20001, `Request body larger than ${MAX_BODY_BYTES} bytes`);
  const type = String(request.headers['content-type'] ?? '');
  const form = type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(Buffer.concat(chunks).toString('utf8')) : new URLSearchParams();
  const secure = request.socket instanceof TLSSocket;
  const host = /^[A-Za-z0-9.:[\]-]{1,100}$/.test(request.headers.host ?? '') ? request.headers.host! : 'api.twilio.com';
  const target = secure ? hostTarget(host) : undefined;
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    form,
    headers: request.headers,
    viaProxy: secure,
    product: target?.product,
    region: target?.region ?? frontRegion,
    origin: `${secure ? 'https' : 'http'}://${host}`,
  };
}

import { validateRequest } from 'twilio/lib/webhooks/webhooks';

/** What the runtime passes a Function: form/query parameters plus `request` (headers, cookies). */
export type RuntimeEvent = Record<string, unknown> & {
  request?: { headers?: Record<string, unknown>; cookies?: Record<string, unknown> };
};

/** The parameters Twilio signed: every event field except the runtime's own `request`. */
export function signedParams(event: RuntimeEvent): Record<string, unknown> {
  const { request: _request, ...params } = event;
  return params;
}

/** The first value of a parameter as a string ('' when absent or not text). */
export function param(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A request header's first value as a string ('' when absent). */
export function header(event: RuntimeEvent, name: string): string {
  const value = event.request?.headers?.[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/**
 * The public URL Twilio signed (design §4): `https://DOMAIN_NAME/PATH` when deployed; the local
 * runtime's DOMAIN_NAME is `localhost:<port>` and is served over plain http.
 */
export function webhookUrl(domainName: string, path: string): string {
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(domainName);
  return `${local ? 'http' : 'https'}://${domainName}${path}`;
}

/** True only for a request whose X-Twilio-Signature matches the auth token, URL and parameters. */
export function isSignedByTwilio(authToken: string | undefined, event: RuntimeEvent, url: string): boolean {
  const signature = header(event, 'x-twilio-signature');
  if (!authToken || !signature) return false;
  try {
    return validateRequest(authToken, signature, url, signedParams(event));
  } catch {
    return false; // e.g. a URL that cannot be parsed: not a request we can trust
  }
}

/** How Twilio names a Voice SDK caller in `From` and `To` (`client:alice`). */
export const CLIENT_PREFIX = 'client:';

/** The teammate a `client:` address names, or undefined for a phone number (or nothing). */
export function clientIdentity(address: string): string | undefined {
  return address.startsWith(CLIENT_PREFIX) ? address.slice(CLIENT_PREFIX.length) : undefined;
}

/** What the runtime passes a Function: form/query parameters plus `request` (headers, cookies). */
export type RuntimeEvent = Record<string, unknown> & {
  request?: { headers?: Record<string, unknown>; cookies?: Record<string, unknown> };
};

/** The parameters of a request: every event field except the runtime's own `request`. */
export function signedParams(event: RuntimeEvent): Record<string, unknown> {
  const { request: _request, ...params } = event;
  return params;
}

/** The first value of a parameter as a string ('' when absent or not text). */
export function param(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A request header's first value as a string ('' when absent). */
export function header(event: RuntimeEvent, name: string): string {
  const value = event.request?.headers?.[name.toLowerCase()];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

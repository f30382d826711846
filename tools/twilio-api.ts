/**
 * The one place where the CLI tools (setup, doctor) meet Twilio's REST API: how a client is made
 * and how every failure is turned into what to do next, in the words of src/lib/contract/errors.ts.
 */
import twilio from 'twilio';
import { REGION_EDGES, type Region } from '../src/lib/config/config';
import { describeError } from '../src/lib/contract/errors';

/** The `twilio` 6.x REST client. */
export type TwilioClient = ReturnType<typeof twilio>;

/**
 * Makes a REST client. `username`/`password` are ACCOUNT_SID/AUTH_TOKEN, or an API key and its
 * secret together with `accountSid`. Tools take a factory so tests can hand in a client whose
 * `httpClient` reaches the simulator through its interception proxy.
 */
export type ClientFactory = (username: string, password: string, options?: { accountSid?: string; region?: Region }) => TwilioClient;

/**
 * The `twilio` client options for an account in `region`: a region outside US1 is reached
 * through its edge (api.dublin.ie1.twilio.com), and needs that region's credentials.
 */
export function clientOptions(options: { accountSid?: string; region?: Region } = {}): NonNullable<Parameters<typeof twilio>[2]> {
  const { accountSid, region } = options;
  return { accountSid, region, edge: region && region !== 'us1' ? REGION_EDGES[region] : undefined, autoRetry: true };
}

export const createClient: ClientFactory = (username, password, options) => twilio(username, password, clientOptions(options));

/** What a failed REST call carries (`RestException` of the `twilio` library, or a network error). */
interface FailedCall {
  status?: number;
  code?: number | string;
  message?: string;
  moreInfo?: string;
}

/** Twilio's error code of a failed call, when it has one. */
export function errorCode(error: unknown): number | undefined {
  const code = (error as FailedCall | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED']);

/** One sentence saying what went wrong and what to do; never a stack trace. */
export function explain(error: unknown): string {
  const failed = (error ?? {}) as FailedCall;
  if (typeof failed.code === 'string' && NETWORK_CODES.has(failed.code)) {
    return `Could not reach Twilio (${failed.code}). Check your internet connection or proxy (HTTP_PROXY) and try again.`;
  }
  const code = errorCode(error);
  const known = code === undefined ? undefined : describeError(code);
  if (known) return `${known.title} (Twilio error ${code}). ${known.action}`;
  const detail = failed.message || String(error);
  return code === undefined ? detail : `Twilio error ${code}: ${detail}${failed.moreInfo ? ` (see ${failed.moreInfo})` : ''}`;
}

/** The resource, or undefined when Twilio answers 404 (20404): the same test as the Functions'. */
export { unlessMissing } from '../src/lib/records/rest-missing';

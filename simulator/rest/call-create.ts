/**
 * `POST /Calls.json`: checks the parameters as Twilio does (`To`, `From`, exactly one of `Url`,
 * `Twiml`; `Timeout` 1–600 s, default 60) with Twilio's error codes, and turns them into an
 * API call request for the engine's queue. A Participants create (participant-create.ts) reads
 * its call the same way, and its `To` may also carry custom parameters for a Client identifier
 * (`client:bob?name=value&…`, URL-encoded: Twilio's OpenAPI documents them there, not on Calls).
 * Fidelity assumption: the page gets them as it gets a `<Client>`'s `<Parameter>`s, and the call's
 * `To` stays `client:bob`.
 */
import type { ApiCallRequest } from '../calls/api-call';
import { normaliseNumber } from '../calls/phone-numbers';
import { MAX_INLINE_TWIML } from './call-updates';
import { badParameter, RestError } from './rest-errors';

const TIMEOUT = { default: 60, min: 1, max: 600 };
const EVENTS = new Set(['initiated', 'ringing', 'answered', 'completed']);
const CLIENT = /^client:[A-Za-z0-9_.@-]{1,121}$/;
/** One custom parameter: a name and a value, URL-encoded, neither holding a bare `&` or `=`. */
const CUSTOM_PARAMETER = /^[^&=]+=[^&=]*$/;

/** What the caller asked for with a create's options. */
export interface CallCreateOptions {
  /** True for a Participants create: a `client:` To may carry custom parameters. */
  customParameters?: boolean;
}

/** The custom parameters of `query` as the page's invite carries them, or undefined when malformed. */
function customParameters(query: string): string | undefined {
  const pairs = query.split('&');
  if (!pairs.every((pair) => CUSTOM_PARAMETER.test(pair) && decodable(pair))) return undefined;
  return new URLSearchParams(query).toString();
}

function decodable(text: string): boolean {
  try {
    decodeURIComponent(text.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

/** `client:alice` as it is; a number as E.164; undefined for anything else. */
function address(value: string): string | undefined {
  if (CLIENT.test(value)) return value;
  return normaliseNumber(value);
}

/** Reads a create request; `callerIds` are the numbers the account may call from. */
export function readCallCreate(form: URLSearchParams, callerIds: readonly string[], options: CallCreateOptions = {}): ApiCallRequest {
  const rawTo = form.get('To');
  if (!rawTo) throw badParameter(21201, "No 'To' number is specified");
  const query = rawTo.indexOf('?');
  const withParameters = options.customParameters && query > 0 && rawTo.startsWith('client:');
  const to = address(withParameters ? rawTo.slice(0, query) : rawTo);
  const parameters = withParameters ? customParameters(rawTo.slice(query + 1)) : undefined;
  if (!to || (withParameters && parameters === undefined)) throw badParameter(21211, `Invalid 'To' Phone Number: ${rawTo.slice(0, 40)}`);
  const rawFrom = form.get('From');
  if (!rawFrom) throw badParameter(21213, "No 'From' number is specified");
  const from = address(rawFrom);
  // A client may call from any client identity; a number only from one of the account's numbers.
  if (!from || (!from.startsWith('client:') && !callerIds.includes(from))) throw badParameter(21210, `'From' phone number not verified: ${rawFrom.slice(0, 40)}`);
  const [url, twiml] = [form.get('Url'), form.get('Twiml')];
  if (form.get('ApplicationSid')) throw new RestError(501, 20001, 'The simulator creates calls with Url or Twiml, not ApplicationSid');
  if (url === null && twiml === null) throw badParameter(21205, 'Url parameter is required: give Url or Twiml');
  if (url !== null && twiml !== null) throw badParameter(21205, 'Twiml and Url are mutually exclusive');
  if (url !== null && !/^https?:\/\/\S+$/.test(url)) throw badParameter(21205, 'Url is not a valid URL');
  if (twiml !== null && twiml.length > MAX_INLINE_TWIML) throw badParameter(32018, `Twiml is longer than ${MAX_INLINE_TWIML} characters`);
  const statusCallback = form.get('StatusCallback') ?? undefined;
  if (statusCallback !== undefined && !/^https?:\/\/\S+$/.test(statusCallback)) throw badParameter(21609, 'StatusCallback is not a valid URL');
  const events = form
    .getAll('StatusCallbackEvent')
    .flatMap((value) => value.split(/[ ,]+/))
    .filter(Boolean);
  const unknown = events.find((event) => !EVENTS.has(event));
  if (unknown) throw badParameter(21626, `StatusCallbackEvent "${unknown.slice(0, 20)}" is not one of ${[...EVENTS].join(', ')}`);
  const rawTimeout = form.get('Timeout');
  const timeout = rawTimeout === null ? TIMEOUT.default : Number(rawTimeout);
  if (!Number.isInteger(timeout) || timeout < TIMEOUT.min) throw badParameter(20001, `Timeout must be a whole number of seconds from ${TIMEOUT.min} to ${TIMEOUT.max}`);
  return {
    to,
    ...(parameters ? { parameters } : {}),
    from,
    ...(url !== null ? { url } : { twiml: twiml! }),
    ...(statusCallback ? { statusCallback } : {}),
    statusCallbackEvents: new Set(events),
    timeout: Math.min(timeout, TIMEOUT.max),
  };
}

/**
 * Twilio's REST error bodies: `{code, message, more_info, status}` with the HTTP status of the
 * answer, e.g. 20003 (authentication), 20404 (not found), 21xxx (bad parameters).
 */

/** What a handler throws to answer with a Twilio error. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON body Twilio sends with an error. */
export function errorBody(error: RestError): { code: number; message: string; more_info: string; status: number } {
  return { code: error.code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status: error.status };
}

/** 20404: what Twilio answers for any path or SID it does not know. */
export function notFound(path: string): RestError {
  return new RestError(404, 20404, `The requested resource ${path.slice(0, 300)} was not found`);
}

/** 21xxx-style 400 for a missing or malformed parameter. */
export function badParameter(code: number, message: string): RestError {
  return new RestError(400, code, message);
}

/** What a REST resource module gives the router: routes, and the answers its handlers return. */
import type { RestRequest } from './rest-request';

/** A JSON answer, a binary one (recording media), or none (204). */
export type RestAnswer = { status: number; json: unknown } | { status: number; body: Buffer; type: string } | { status: 204 };

export interface RestRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the path after `/2010-04-01/Accounts/{AccountSid}`; groups become `params`. */
  pattern: RegExp;
  handle(request: RestRequest, params: string[]): RestAnswer | Promise<RestAnswer>;
}

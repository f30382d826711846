/** What a REST resource module gives the router: routes, and the answers its handlers return. */
import type { RestRequest } from './rest-request';

/**
 * A JSON answer (with the resource's revision as its `ETag`, for Sync), a binary one (recording
 * media, with headers of its own such as `Content-Range`), or none (204).
 */
export type RestAnswer = { status: number; json: unknown; etag?: string } | { status: number; body: Buffer; type: string; headers?: Record<string, string> } | { status: 204 };

export interface RestRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the path after the account's (`/2010-04-01/Accounts/{AccountSid}`) or after `/v1`; groups become `params`. */
  pattern: RegExp;
  handle(request: RestRequest, params: string[]): RestAnswer | Promise<RestAnswer>;
}

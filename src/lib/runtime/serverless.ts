/**
 * The one place where our code meets the Serverless runtime's globals and types (docs/twilio-runtime.md):
 * responses are built with the runtime's `Twilio.Response`. Kept free of TwiML and signature
 * code so that /token, which needs neither, does not load them on a cold start.
 */
// Types only: a runtime `require` of this devDependency would fail on Twilio, which installs `dependencies` alone.
/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { Context, ServerlessFunctionSignature, TwilioResponse } from '@twilio-labs/serverless-runtime-types/types';
import type { Twilio as TwilioClient } from 'twilio';
import type { Env } from '../config/config';
import type { RuntimeEvent } from './event';

export type { TwilioResponse };
export type FunctionContext = Context<Env>;
export type SwitchboardFunction = ServerlessFunctionSignature<Env, RuntimeEvent & { request: { headers: Record<string, unknown>; cookies: Record<string, unknown> } }>;

/** A response with a status, headers and a text or JSON body. */
export function httpResponse(status: number, body: string | object, headers: Record<string, string> = {}): TwilioResponse {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  for (const [name, value] of Object.entries(headers)) response.appendHeader(name, value);
  if (typeof body === 'string' && !headers['Content-Type']) response.appendHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setBody(body);
  return response;
}

/** Logs one structured JSON line (what Twilio's Function logs and our tests read). */
export function logEvent(event: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ event, ...fields }));
}

/** Longest single REST request of a Function (Twilio cuts a Function at 10 s). */
export const REST_TIMEOUT_MS = 5000;

/**
 * The project's own `twilio` client for the account (docs/twilio-runtime.md): `context.getTwilioClient()` builds
 * it from our twilio 6, while the runtime's types describe its twilio 4; this is the one bridge.
 */
export function twilioClient(context: FunctionContext): TwilioClient {
  return context.getTwilioClient({ timeout: REST_TIMEOUT_MS }) as unknown as TwilioClient;
}

/** The text of a private asset (`*.private.*`: deployed with the Functions, never served), or undefined when there is none. */
export function privateAssetText(path: string): string | undefined {
  return Runtime.getAssets()[path]?.open();
}

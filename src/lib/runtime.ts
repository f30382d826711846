/**
 * The one place where our code meets the Serverless runtime's globals and types (design §8):
 * responses are built with the runtime's `Twilio.Response`, TwiML is sent as explicit XML, and
 * webhook Functions share one signature check and one safety net.
 */
// Types only: a runtime `require` of this devDependency would fail on Twilio, which installs `dependencies` alone.
/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { Context, ServerlessFunctionSignature, TwilioResponse } from '@twilio-labs/serverless-runtime-types/types';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Env } from './config';
import { ConfigError } from './errors';
import { fallbackResponse, sayAndHangup, SAY } from './twiml';
import { isSignedByTwilio, signedParams, webhookUrl, type RuntimeEvent } from './webhooks';

export type FunctionContext = Context<Env>;
export type SwitchboardFunction = ServerlessFunctionSignature<Env, RuntimeEvent & { request: { headers: {}; cookies: {} } }>;

/** A response with a status, headers and a text or JSON body. */
export function httpResponse(status: number, body: string | object, headers: Record<string, string> = {}): TwilioResponse {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  for (const [name, value] of Object.entries(headers)) response.appendHeader(name, value);
  if (typeof body === 'string' && !headers['Content-Type']) response.appendHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setBody(body);
  return response;
}

/** TwiML as `text/xml`, independent of which `twilio` version the runtime itself carries. */
export function twimlResponse(twiml: VoiceResponse): TwilioResponse {
  return httpResponse(200, twiml.toString(), { 'Content-Type': 'text/xml; charset=utf-8' });
}

/** Logs one structured JSON line (what Twilio's Function logs and our tests read). */
export function logEvent(event: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ event, ...fields }));
}

/**
 * Wraps a webhook: refuses anything not signed by Twilio (403, nothing executed), hands the
 * signed parameters to `handle`, and turns any failure into valid TwiML rather than a 500.
 */
export function twilioWebhook(handle: (params: Record<string, unknown>, context: FunctionContext) => VoiceResponse): SwitchboardFunction {
  return (context, event, callback) => {
    if (!isSignedByTwilio(context.AUTH_TOKEN, event, webhookUrl(context.DOMAIN_NAME, context.PATH))) {
      callback(null, httpResponse(403, 'Forbidden: this URL only answers requests signed by Twilio.'));
      return;
    }
    let twiml: VoiceResponse;
    try {
      twiml = handle(signedParams(event), context);
    } catch (error) {
      const config = error instanceof ConfigError;
      logEvent(config ? 'config-error' : 'webhook-error', { path: context.PATH, message: String((error as Error)?.message ?? error) });
      twiml = config ? sayAndHangup(SAY.notConfigured) : fallbackResponse();
    }
    callback(null, twimlResponse(twiml));
  };
}

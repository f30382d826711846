import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { signedParams } from '../runtime/event';
import { ConfigError } from '../config/config-error';
import { httpResponse, logEvent, type FunctionContext, type SwitchboardFunction, type TwilioResponse } from '../runtime/serverless';
import { fallbackResponse, sayAndHangup, SAY } from '../voice/twiml';
import { isSignedByTwilio, webhookUrl } from '../runtime/webhook-signature';

/** TwiML as `text/xml`, independent of which `twilio` version the runtime itself carries. */
export function twimlResponse(twiml: VoiceResponse): TwilioResponse {
  return httpResponse(200, twiml.toString(), { 'Content-Type': 'text/xml; charset=utf-8' });
}

/**
 * Wraps a webhook: refuses anything not signed by Twilio (403, nothing executed), hands the
 * signed parameters to `handle` (which may ask Twilio's REST API first), and turns any failure
 * into valid TwiML rather than a 500.
 */
export function twilioWebhook(handle: (params: Record<string, unknown>, context: FunctionContext) => VoiceResponse | Promise<VoiceResponse>): SwitchboardFunction {
  return async (context, event, callback) => {
    if (!isSignedByTwilio(context.AUTH_TOKEN, event, webhookUrl(context.DOMAIN_NAME, context.PATH))) {
      callback(null, httpResponse(403, 'Forbidden: this URL only answers requests signed by Twilio.'));
      return;
    }
    let twiml: VoiceResponse;
    try {
      twiml = await handle(signedParams(event), context);
    } catch (error) {
      const config = error instanceof ConfigError;
      logEvent(config ? 'config-error' : 'webhook-error', { path: context.PATH, message: String((error as Error)?.message ?? error) });
      twiml = config ? sayAndHangup(SAY.notConfigured) : fallbackResponse();
    }
    callback(null, twimlResponse(twiml));
  };
}

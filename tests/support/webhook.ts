import twilio from 'twilio';

/** Twilio's own parameters for a browser's outbound call (docs/voice-sdk-protocol.md) plus the page's `To`. */
export function outboundParams(to: string, from = 'alice'): Record<string, string> {
  return {
    AccountSid: `AC${'a1'.repeat(16)}`,
    ApplicationSid: `AP${'c3'.repeat(16)}`,
    ApiVersion: '2010-04-01',
    CallSid: `CA${'0123456789abcdef'.repeat(2)}`,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: `client:${from}`,
    Caller: `client:${from}`,
    Called: '',
    To: to,
  };
}

/** Twilio's parameters for a phone calling the team number. */
export function inboundParams(from: string, to = '+14155550100'): Record<string, string> {
  return {
    AccountSid: `AC${'a1'.repeat(16)}`,
    ApiVersion: '2010-04-01',
    CallSid: `CA${'fedcba9876543210'.repeat(2)}`,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: from,
    Caller: from,
    To: to,
    Called: to,
    FromCountry: 'US',
    FromState: 'DC',
    FromCity: 'WASHINGTON',
    CallerCountry: 'US',
  };
}

export interface PostOptions {
  /** Defaults to a correct signature for `url` with `authToken`. */
  signature?: string | null;
  authToken?: string;
  /** The URL the signature is computed for, when it should differ from where the request goes. */
  signedUrl?: string;
}

/** POSTs form-encoded parameters the way Twilio does, signed unless told otherwise. */
export function postWebhook(url: string, params: Record<string, string>, options: PostOptions = {}): Promise<Response> {
  const authToken = options.authToken ?? 'f'.repeat(32);
  const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(authToken, options.signedUrl ?? url, params) : options.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'TwilioProxy/1.1' };
  if (signature !== null) headers['X-Twilio-Signature'] = signature;
  return fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) });
}

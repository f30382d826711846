import twilio from 'twilio';
import { isSignedByTwilio, webhookUrl } from '../../src/lib/runtime/webhook-signature';
import { signedParams } from '../../src/lib/runtime/event';

const TOKEN = 'f'.repeat(32);
const URL_LOCAL = 'http://localhost:3000/voice';
const params = { CallSid: 'CA123', From: 'client:alice', To: '+14155550134' };
const event = (signature: string | undefined, extra: Record<string, string> = {}) => ({
  ...params,
  ...extra,
  request: { headers: signature === undefined ? {} : { 'x-twilio-signature': signature }, cookies: {} },
});
const sign = (url: string, p: Record<string, string> = params, token = TOKEN) => twilio.getExpectedTwilioSignature(token, url, p);

describe('webhook signatures', () => {
  it('uses http for the local runtime and https when deployed', () => {
    expect(webhookUrl('localhost:3000', '/voice')).toBe(URL_LOCAL);
    expect(webhookUrl('switchboard-1234-dev.twil.io', '/voice')).toBe('https://switchboard-1234-dev.twil.io/voice');
    expect(webhookUrl('localhost.evil.com', '/voice')).toBe('https://localhost.evil.com/voice');
  });

  it('accepts exactly what Twilio signed', () => {
    expect(isSignedByTwilio(TOKEN, event(sign(URL_LOCAL)), URL_LOCAL)).toBe(true);
  });

  it.each([
    ['no header', event(undefined)],
    ['an empty header', event('')],
    ['another auth token', event(sign(URL_LOCAL, params, 'e'.repeat(32)))],
    ['another URL', event(sign('http://localhost:3000/status'))],
    ['an altered parameter', { ...event(sign(URL_LOCAL)), To: '+19005550123' }],
    ['an added parameter', event(sign(URL_LOCAL), { Extra: '1' })],
  ])('refuses %s', (_, e) => {
    expect(isSignedByTwilio(TOKEN, e, URL_LOCAL)).toBe(false);
  });

  it('refuses everything when AUTH_TOKEN is missing or empty, and never throws on a junk URL', () => {
    expect(isSignedByTwilio(undefined, event(sign(URL_LOCAL)), URL_LOCAL)).toBe(false);
    // `AUTH_TOKEN=` left empty in .env: a signature anyone can make with the empty key opens nothing.
    expect(isSignedByTwilio('', event(sign(URL_LOCAL, params, '')), URL_LOCAL)).toBe(false);
    expect(isSignedByTwilio(TOKEN, event('x'), 'http://[bad')).toBe(false);
  });

  it('signs the parameters without the runtime`s request object', () => {
    expect(signedParams(event('x'))).toEqual(params);
  });
});

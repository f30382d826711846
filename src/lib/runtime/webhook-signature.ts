import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { header, signedParams, type RuntimeEvent } from './event';

/**
 * The public URL Twilio signed (docs/twilio-runtime.md, "Webhooks"): `https://DOMAIN_NAME/PATH` when deployed; the local
 * runtime's DOMAIN_NAME is `localhost:<port>` and is served over plain http.
 */
export function webhookUrl(domainName: string, path: string): string {
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(domainName);
  return `${local ? 'http' : 'https'}://${domainName}${path}`;
}

/** True only for a request whose X-Twilio-Signature matches the auth token, URL and parameters. */
export function isSignedByTwilio(authToken: string | undefined, event: RuntimeEvent, url: string): boolean {
  const signature = header(event, 'x-twilio-signature');
  if (!authToken || !signature) return false;
  try {
    return validateRequest(authToken, signature, url, signedParams(event));
  } catch {
    return false; // e.g. a URL that cannot be parsed: not a request we can trust
  }
}

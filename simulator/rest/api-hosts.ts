/**
 * The REST API hosts the `twilio` client may call (docs/twilio-runtime.md): `api.twilio.com`, and with
 * `TWILIO_REGION`/`TWILIO_EDGE` `api.<region>.twilio.com` or `api.<edge>.<region>.twilio.com`.
 * The interception proxy accepts exactly these and its certificate names each of them (a
 * `*.twilio.com` wildcard would cover one label only).
 */
import { REGION_EDGES } from '../../src/lib/config/config';

/** Twilio's edge locations and the region each one serves. */
const EDGES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(REGION_EDGES).map(([region, edge]) => [edge, region])),
  umatilla: 'us2',
  frankfurt: 'de1',
  tokyo: 'jp1',
  singapore: 'sg1',
  'sao-paulo': 'br1',
};

/** Every host name of Twilio's REST API (v2010) the simulator stands in for. */
export const API_HOSTS: readonly string[] = [
  'api.twilio.com',
  ...new Set(Object.values(EDGES).map((region) => `api.${region}.twilio.com`)),
  ...Object.entries(EDGES).map(([edge, region]) => `api.${edge}.${region}.twilio.com`),
];

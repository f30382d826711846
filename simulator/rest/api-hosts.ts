/**
 * The REST API hosts the `twilio` client may call. Each product has its own host —
 * `api.twilio.com` (Voice and the account), `sync.twilio.com`, `serverless.twilio.com` — and
 * with `TWILIO_REGION`/`TWILIO_EDGE` the client builds `<product>.<region>.twilio.com` or
 * `<product>.<edge>.<region>.twilio.com`. The interception proxy accepts exactly these and its
 * certificate names each of them (a `*.twilio.com` wildcard would cover one label only).
 */
import { REGION_EDGES } from '../../src/lib/config/config';

/** The first label of each product's host. */
export const PRODUCTS = ['api', 'sync', 'serverless'] as const;
export type Product = (typeof PRODUCTS)[number];

/** Twilio's edge locations and the region each one serves. */
const EDGES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(REGION_EDGES).map(([region, edge]) => [edge, region])),
  umatilla: 'us2',
  frankfurt: 'de1',
  tokyo: 'jp1',
  singapore: 'sg1',
  'sao-paulo': 'br1',
};

/** Every host name of `product` the simulator stands in for. */
export function productHosts(product: Product): string[] {
  return [
    `${product}.twilio.com`,
    ...new Set(Object.values(EDGES).map((region) => `${product}.${region}.twilio.com`)),
    ...Object.entries(EDGES).map(([edge, region]) => `${product}.${edge}.${region}.twilio.com`),
  ];
}

/** Every host of every product. */
export const API_HOSTS: readonly string[] = PRODUCTS.flatMap(productHosts);

/** Where a request to `host` (one of API_HOSTS) goes: its product and region (`us1` when the host names none). */
export function hostTarget(host: string): { product: Product; region: string } | undefined {
  const name = host.toLowerCase().replace(/:443$/, '');
  if (!API_HOSTS.includes(name)) return undefined;
  const labels = name.split('.');
  return { product: labels[0] as Product, region: labels.length > 3 ? labels[labels.length - 3] : 'us1' };
}

/**
 * Validates REST answers against Twilio's own OpenAPI descriptions (twilio/twilio-oai
 * `spec/json/`, shipped by @twilio-alpha/mcp) — `twilio_api_v2010.json` for
 * api.twilio.com, `twilio_sync_v1.json` for sync.twilio.com, `twilio_serverless_v1.json` for
 * serverless.twilio.com — so the simulator's REST API cannot drift from the real one. The
 * descriptions are OpenAPI 3.0: `nullable: true` is turned into a type union, and every object of
 * the resources is closed (each listed property required, no others), because Twilio writes every
 * field, null or not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Product } from '../../simulator/rest/api-hosts';

const SPEC_FILES: Record<Product, string> = { api: 'twilio_api_v2010.json', sync: 'twilio_sync_v1.json', serverless: 'twilio_serverless_v1.json' };
const specFile = (product: Product) => join(__dirname, '..', '..', 'node_modules', '@twilio-alpha', 'mcp', 'twilio-oai', 'spec', 'json', SPEC_FILES[product]);

/** The product of a Twilio host (`sync.dublin.ie1.twilio.com` → sync). */
export function productOfHost(host: string): Product {
  const label = host.split('.')[0];
  if (!(label in SPEC_FILES)) throw new Error(`no Twilio API description for ${host}`);
  return label as Product;
}

type Schema = Record<string, unknown>;

/**
 * Twilio's error body. The description lists only success answers, so this one comes from
 * Twilio's error documentation: `{code, message, more_info, status}`.
 */
const ERROR_SCHEMA: Schema = {
  type: 'object',
  required: ['code', 'message', 'more_info', 'status'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer', minimum: 10000, maximum: 99999 },
    message: { type: 'string', minLength: 1 },
    more_info: { type: 'string', pattern: '^https://www\\.twilio\\.com/docs/errors/\\d{5}$' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
  },
};

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes a union with null; objects with properties are closed. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Schema;
  const converted: Schema = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, key === 'example' || key === 'examples' ? value : toJsonSchema(value)]));
  if (converted.type === 'object' && converted.properties && !converted.additionalProperties) {
    converted.required = Object.keys(converted.properties);
    converted.additionalProperties = false;
  }
  if (nullable === true) {
    if (typeof converted.type === 'string') converted.type = [converted.type, 'null'];
    if (Array.isArray(converted.enum)) converted.enum = [...converted.enum, null];
    if (converted.$ref) return { anyOf: [converted, { type: 'null' }] };
    if (!converted.type && !converted.$ref) return converted; // untyped (e.g. encryption_details): anything, null included
  }
  return converted;
}

/**
 * OpenAPI 3.0 cannot say `nullable` next to a `$ref`, so Twilio's description leaves it off its enum
 * references even where the enum's own description (and Twilio's examples) say the field is null,
 * e.g. a running conference's `reason_conference_ended`. Those references become nullable here.
 */
function nullableEnumReferences(schemas: Record<string, Schema>): void {
  for (const schema of Object.values(schemas)) {
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      const target = typeof property.$ref === 'string' ? schemas[property.$ref.split('/').pop()!] : undefined;
      if (target && typeof target.description === 'string' && /\bnull\b/.test(target.description)) (schema.properties as Record<string, Schema>)[name] = { ...property, nullable: true };
    }
  }
}

type Spec = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> }>>; components: { schemas: Record<string, Schema> } };

/**
 * A URI as Twilio writes one: a URL, a path (`/2010-04-01/…`), or "" for an unset URL (Twilio's own
 * examples write `"status_callback": ""`).
 */
const isUri = (value: string) => value === '' || /^(https?:\/\/[^\s/]+)?\/\S*$/.test(value);

let ajv: Ajv | undefined;
const specs = new Map<Product, Spec>();

function load(product: Product): { ajv: Ajv; spec: Spec } {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // Twilio's own formats.
    ajv.addFormat('uri', { validate: isUri });
    ajv.addFormat('date-time-rfc-2822', /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    ajv.addFormat('currency', /^[A-Z]{3}$/);
    ajv.addFormat('http-method', /^(GET|POST)$/);
    ajv.addFormat('phone-number', /^\+[1-9]\d{1,14}$/);
    ajv.addFormat('phone-number-capabilities', { type: 'object', validate: () => true } as never);
    ajv.addFormat('uri-map', { type: 'object', validate: (map: Record<string, unknown>) => Object.values(map).every((v) => typeof v === 'string' && v !== '' && isUri(v)) } as never);
  }
  let spec = specs.get(product);
  if (!spec) {
    spec = JSON.parse(readFileSync(specFile(product), 'utf8')) as Spec;
    nullableEnumReferences(spec.components.schemas);
    ajv.addSchema({ components: toJsonSchema(spec.components) }, `twilio-${product}`);
    specs.set(product, spec);
  }
  return { ajv, spec };
}

const validators = new Map<string, ValidateFunction>();

/** The validator of the answer to `method path` with HTTP `status` (an error schema for 4xx/5xx) in `product`'s description. */
export function responseValidator(path: string, method: 'get' | 'post' | 'delete', status: number, product: Product = 'api'): ValidateFunction {
  const key = `${product} ${method} ${path} ${status}`;
  const known = validators.get(key);
  if (known) return known;
  const { ajv, spec } = load(product);
  let schema: Schema;
  if (status >= 400) {
    schema = ERROR_SCHEMA;
  } else {
    const operation = spec.paths[path]?.[method];
    if (!operation) throw new Error(`Twilio's API description has no ${method.toUpperCase()} ${path}`);
    const described = operation.responses?.[String(status)]?.content?.['application/json']?.schema;
    if (!described) throw new Error(`Twilio's API description has no ${status} JSON answer for ${method.toUpperCase()} ${path}`);
    // References point into the components registered above.
    schema = JSON.parse(JSON.stringify(toJsonSchema(described)).replace(/"#\/components\//g, `"twilio-${product}#/components/`));
  }
  const validate = ajv.compile(schema);
  validators.set(key, validate);
  return validate;
}

/** Throws with ajv's findings unless `body` is what Twilio's description of `product` says `method path` answers with `status`. */
export function expectTwilioShape(path: string, method: 'get' | 'post' | 'delete', status: number, body: unknown, product: Product = 'api'): void {
  const validate = responseValidator(path, method, status, product);
  if (!validate(body))
    throw new Error(
      `${method.toUpperCase()} ${path} → ${status} does not match Twilio's API description:\n${JSON.stringify(validate.errors, null, 1).slice(0, 3000)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    );
}

/** Twilio's path template for a concrete path: `/…/Accounts/AC…/Calls/CA….json` → `/…/Accounts/{AccountSid}/Calls/{Sid}.json`. */
export function templateOf(path: string, product: Product = 'api'): string {
  const { spec } = load(product);
  const clean = path.split('?')[0];
  const template = Object.keys(spec.paths).find((candidate) => new RegExp(`^${candidate.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(clean));
  if (!template) throw new Error(`no path of Twilio's API description matches ${clean}`);
  return template;
}

/** Checks one raw answer of a `twilio` client against the description of its host (204s and recording media have no JSON to check). */
export function validateExchange(exchange: { method: string; uri: string; status: number; body: unknown }): void {
  const { pathname: path, host } = new URL(exchange.uri);
  const product = productOfHost(host);
  if (exchange.status === 204 || (exchange.status < 400 && product === 'api' && !path.endsWith('.json'))) return;
  expectTwilioShape(exchange.status >= 400 ? path : templateOf(path, product), exchange.method.toLowerCase() as 'get' | 'post' | 'delete', exchange.status, exchange.body, product);
}

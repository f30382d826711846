/**
 * The account's own v2010 resources, as `npm run setup` and `npm run doctor` use them (OpenAPI
 * `api.v2010.account…`): the Account, API keys (`/Keys`, each in its region), TwiML Apps
 * (`/Applications`), phone numbers (`/IncomingPhoneNumbers`: list, fetch, update, release) and
 * verified caller IDs (`/OutgoingCallerIds`: list, fetch, rename, delete). Parameters are checked
 * as Twilio checks them; what the simulator does not model (a documented parameter, buying a
 * number, verifying a caller ID) is refused (501) rather than ignored.
 */
import type { ResourceState, SimAccount } from './account';
import { booleanValue, WEB_URL } from './form-values';
import { page } from './paging';
import { rfc2822 } from './rest-dates';
import { badParameter, notFound, RestError } from './rest-errors';
import type { RestRequest } from './rest-request';
import type { RestAnswer, RestRoute } from './rest-route';

/** How a settable parameter is checked. */
type Kind = 'text' | 'url' | 'method' | 'boolean' | 'application';

const VOICE_FIELDS: Record<string, Kind> = {
  FriendlyName: 'text',
  VoiceUrl: 'url',
  VoiceMethod: 'method',
  VoiceFallbackUrl: 'url',
  VoiceFallbackMethod: 'method',
  StatusCallback: 'url',
  StatusCallbackMethod: 'method',
  VoiceCallerIdLookup: 'boolean',
  SmsUrl: 'url',
  SmsMethod: 'method',
  SmsFallbackUrl: 'url',
  SmsFallbackMethod: 'method',
};
const APPLICATION_FIELDS: Record<string, Kind> = { ...VOICE_FIELDS, SmsStatusCallback: 'url', MessageStatusCallback: 'url', PublicApplicationConnectEnabled: 'boolean' };
const NUMBER_FIELDS: Record<string, Kind> = { ...VOICE_FIELDS, VoiceApplicationSid: 'application', SmsApplicationSid: 'application' };

/** `VoiceUrl` → `voice_url`: the parameter's field in Twilio's JSON. */
const fieldOf = (parameter: string) => parameter.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

/** Parameters Twilio documents for these resources that the simulator does not model: refused (501). */
const UNSIMULATED = new Set(['ApiVersion', 'AccountSid', 'EmergencyStatus', 'EmergencyAddressSid', 'TrunkSid', 'VoiceReceiveMode', 'IdentitySid', 'AddressSid', 'BundleSid']);

/** The fields a create or update sets, checked; a parameter Twilio does not know is ignored, as Twilio does. */
function readFields(form: URLSearchParams, fields: Record<string, Kind>, account: SimAccount): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, raw] of form) {
    if (UNSIMULATED.has(name)) throw new RestError(501, 20001, `The simulator does not set ${name}`);
    const kind = fields[name];
    if (!kind) continue;
    if (kind === 'url' && raw !== '' && !WEB_URL.test(raw)) throw badParameter(21402, `${name} is not a valid URL: ${raw.slice(0, 100)}`);
    if (kind === 'method' && !/^(GET|POST)$/i.test(raw)) throw badParameter(20001, `${name} must be GET or POST`);
    if (kind === 'application' && raw !== '' && !account.state.applications.some((app) => app.sid === raw)) throw badParameter(20001, `${name} ${raw.slice(0, 40)} is not a TwiML App of this account`);
    values[fieldOf(name)] = kind === 'method' ? raw.toUpperCase() : kind === 'boolean' ? booleanValue(name, raw) : kind === 'application' ? raw || null : raw;
  }
  return values;
}

/** The digits of a number, for Twilio's partial `PhoneNumber` match. */
const digits = (value: unknown) => String(value).replace(/\D/g, '');

/** A collection of the account: its path, JSON key, state and filters. */
interface Collection {
  path: string;
  sid: string;
  key: string;
  items(): ResourceState[];
  filter(query: URLSearchParams): (item: ResourceState) => boolean;
  fields?: Record<string, Kind>;
}

/** The v2010 routes of the account's own resources. */
export function accountRoutes(account: SimAccount): RestRoute[] {
  const base = () => `/2010-04-01/Accounts/${account.sid}`;
  const json = (item: ResourceState, path: string): Record<string, unknown> => ({
    ...item,
    account_sid: account.sid,
    date_created: rfc2822(item.date_created),
    date_updated: rfc2822(item.date_updated),
    uri: `${base()}/${path}/${item.sid}.json`,
  });
  const collections: Collection[] = [
    {
      path: 'Applications',
      sid: 'AP',
      key: 'applications',
      items: () => account.state.applications,
      fields: APPLICATION_FIELDS,
      filter: (q) => (app) => q.get('FriendlyName') === null || app.friendly_name === q.get('FriendlyName'),
    },
    {
      path: 'IncomingPhoneNumbers',
      sid: 'PN',
      key: 'incoming_phone_numbers',
      items: () => account.state.incomingPhoneNumbers,
      fields: NUMBER_FIELDS,
      // Like Twilio, PhoneNumber also matches part of a number; FriendlyName matches exactly.
      filter: (q) => (n) =>
        (q.get('PhoneNumber') === null || digits(n.phone_number).includes(digits(q.get('PhoneNumber')))) && (q.get('FriendlyName') === null || n.friendly_name === q.get('FriendlyName')),
    },
    {
      path: 'OutgoingCallerIds',
      sid: 'PN',
      key: 'outgoing_caller_ids',
      items: () => account.state.outgoingCallerIds,
      fields: { FriendlyName: 'text' },
      filter: (q) => (c) => (q.get('PhoneNumber') === null || digits(c.phone_number) === digits(q.get('PhoneNumber'))) && (q.get('FriendlyName') === null || c.friendly_name === q.get('FriendlyName')),
    },
  ];
  const routes: RestRoute[] = [
    { method: 'GET', pattern: /^\.json$/, handle: () => ({ status: 200, json: accountJson(account) }) },
    ...keyRoutes(account),
    {
      method: 'POST',
      pattern: /^\/Applications\.json$/,
      handle: (request) => ({ status: 201, json: json(account.addApplication(readFields(request.form, APPLICATION_FIELDS, account)), 'Applications') }),
    },
    ...['IncomingPhoneNumbers', 'OutgoingCallerIds'].map((path): RestRoute => ({
      method: 'POST',
      pattern: new RegExp(`^/${path}\\.json$`),
      handle: () => {
        throw new RestError(501, 20001, 'The simulator neither buys numbers nor verifies caller IDs: its account is arranged with them');
      },
    })),
  ];
  for (const collection of collections) {
    const find = (request: RestRequest, sid: string) => {
      const item = collection.items().find((i) => i.sid === sid);
      if (!item) throw notFound(request.path);
      return item;
    };
    const one = new RegExp(`^/${collection.path}/(${collection.sid}[0-9a-f]{32})\\.json$`);
    routes.push(
      {
        method: 'GET',
        pattern: new RegExp(`^/${collection.path}\\.json$`),
        handle: (request) => ({
          status: 200,
          json: page(
            collection.key,
            collection
              .items()
              .filter(collection.filter(request.query))
              .map((i) => json(i, collection.path)),
            request.path,
            request.query,
          ),
        }),
      },
      { method: 'GET', pattern: one, handle: (request, [sid]) => ({ status: 200, json: json(find(request, sid), collection.path) }) },
      {
        method: 'POST',
        pattern: one,
        handle: (request, [sid]) => {
          const item = find(request, sid);
          Object.assign(item, readFields(request.form, collection.fields ?? {}, account), { date_updated: new Date().toISOString() });
          return { status: 200, json: json(item, collection.path) };
        },
      },
      {
        method: 'DELETE',
        pattern: one,
        handle: (request, [sid]): RestAnswer => {
          collection.items().splice(collection.items().indexOf(find(request, sid)), 1);
          return { status: 204 };
        },
      },
    );
  }
  return routes;
}

/** The Account resource (its auth token is never written into an answer). */
function accountJson(account: SimAccount): Record<string, unknown> {
  const { state } = account;
  const base = `/2010-04-01/Accounts/${state.sid}`;
  const subresources = ['calls', 'conferences', 'recordings', 'incoming_phone_numbers', 'outgoing_caller_ids', 'applications', 'keys'];
  return {
    auth_token: null,
    date_created: rfc2822(state.date_created),
    date_updated: rfc2822(state.date_created),
    friendly_name: state.friendlyName,
    owner_account_sid: state.sid,
    sid: state.sid,
    status: 'active',
    subresource_uris: Object.fromEntries(subresources.map((name) => [name, `${base}/${name.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase())}.json`])),
    type: state.type,
    uri: `${base}.json`,
  };
}

/** `/Keys`: Standard API keys, each listed and usable only in the region it was made in. */
function keyRoutes(account: SimAccount): RestRoute[] {
  const keyJson = (key: SimAccount['state']['keys'][number]) => ({ sid: key.sid, friendly_name: key.friendly_name, date_created: rfc2822(key.date_created), date_updated: rfc2822(key.date_updated) });
  const find = (request: RestRequest, sid: string) => {
    const key = account.state.keys.find((k) => k.sid === sid && k.region === request.region);
    if (!key) throw notFound(request.path);
    return key;
  };
  const friendlyName = (form: URLSearchParams) => readFields(form, { FriendlyName: 'text' }, account).friendly_name as string | undefined;
  const one = /^\/Keys\/(SK[0-9a-f]{32})\.json$/;
  return [
    {
      method: 'GET',
      pattern: /^\/Keys\.json$/,
      handle: (request) => ({ status: 200, json: page('keys', account.state.keys.filter((k) => k.region === request.region).map(keyJson), request.path, request.query) }),
    },
    {
      method: 'POST',
      pattern: /^\/Keys\.json$/,
      handle: (request) => {
        const key = account.addKey(request.region, friendlyName(request.form) ?? null);
        return { status: 201, json: { ...keyJson(key), secret: key.secret } };
      },
    },
    { method: 'GET', pattern: one, handle: (request, [sid]) => ({ status: 200, json: keyJson(find(request, sid)) }) },
    {
      method: 'POST',
      pattern: one,
      handle: (request, [sid]) => {
        const key = find(request, sid);
        key.friendly_name = friendlyName(request.form) ?? key.friendly_name;
        key.date_updated = new Date().toISOString();
        return { status: 200, json: keyJson(key) };
      },
    },
    {
      method: 'DELETE',
      pattern: one,
      handle: (request, [sid]): RestAnswer => {
        account.state.keys.splice(account.state.keys.indexOf(find(request, sid)), 1);
        return { status: 204 };
      },
    },
  ];
}

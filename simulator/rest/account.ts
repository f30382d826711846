/**
 * The simulated Twilio account: its credentials and the resources `npm run setup` and
 * `npm run doctor` read and write — API keys, TwiML Apps, phone numbers, verified caller IDs and
 * the Serverless services `twilio-run deploy` leaves. Its state is plain data (one object,
 * serialisable with JSON); resources keep Twilio's own field names, so the REST answers are
 * written from them directly. The `add…` methods arrange the account as the Console would.
 */
import { randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export const newSid = (prefix: string) => prefix + randomBytes(16).toString('hex');
const now = () => new Date().toISOString();

/** An API key; it signs in only in the region it was made in. */
export interface ApiKeyState {
  sid: string;
  secret: string;
  friendly_name: string | null;
  region: string;
  date_created: string;
  date_updated: string;
}

/** A resource as Twilio writes it (snake_case fields), dates as ISO timestamps. */
export type ResourceState = { sid: string; date_created: string; date_updated: string } & Record<string, unknown>;

export interface ServerlessEnvironmentState extends ResourceState {
  build_sid: string | null;
  unique_name: string;
  domain_suffix: string | null;
  domain_name: string;
  variables: ResourceState[];
}

export interface ServerlessServiceState extends ResourceState {
  unique_name: string;
  friendly_name: string;
  include_credentials: boolean;
  ui_editable: boolean;
  /** The start of its environments' domains (`switchboard-4321` of `switchboard-4321-dev.twil.io`). */
  domain_base: string;
  environments: ServerlessEnvironmentState[];
}

export interface AccountState {
  sid: string;
  authToken: string;
  friendlyName: string;
  type: 'Full' | 'Trial';
  date_created: string;
  keys: ApiKeyState[];
  applications: ResourceState[];
  incomingPhoneNumbers: ResourceState[];
  outgoingCallerIds: ResourceState[];
  serverlessServices: ServerlessServiceState[];
}

/** What Twilio writes for a new TwiML App (every URL unset, every method POST). */
const NEW_APPLICATION = {
  friendly_name: null,
  api_version: '2010-04-01',
  voice_url: '',
  voice_method: 'POST',
  voice_fallback_url: '',
  voice_fallback_method: 'POST',
  status_callback: '',
  status_callback_method: 'POST',
  voice_caller_id_lookup: false,
  sms_url: '',
  sms_method: 'POST',
  sms_fallback_url: '',
  sms_fallback_method: 'POST',
  sms_status_callback: '',
  message_status_callback: '',
  public_application_connect_enabled: false,
};

/** A number as Twilio sells it: answered by Twilio's demo URL, no application. */
const NEW_NUMBER = {
  api_version: '2010-04-01',
  voice_url: 'https://demo.twilio.com/welcome/voice/',
  voice_method: 'POST',
  voice_fallback_url: '',
  voice_fallback_method: 'POST',
  voice_application_sid: null,
  voice_caller_id_lookup: false,
  voice_receive_mode: 'voice',
  status_callback: '',
  status_callback_method: 'POST',
  sms_url: 'https://demo.twilio.com/welcome/sms/reply/',
  sms_method: 'POST',
  sms_fallback_url: '',
  sms_fallback_method: 'POST',
  sms_application_sid: null,
  trunk_sid: null,
  capabilities: { voice: true, sms: true, mms: true, fax: false },
  address_requirements: 'none',
  address_sid: null,
  identity_sid: null,
  bundle_sid: null,
  beta: false,
  origin: 'twilio',
  emergency_status: 'Inactive',
  emergency_address_sid: null,
  emergency_address_status: 'unregistered',
  status: 'in-use',
};

/** `(415) 555-0100` for a North American number, `+44 20 …` otherwise: the friendly name Twilio gives a number. */
function friendlyNumber(phoneNumber: string): string {
  const parsed = parsePhoneNumberFromString(phoneNumber);
  if (!parsed) return phoneNumber;
  return parsed.countryCallingCode === '1' ? parsed.formatNational() : parsed.formatInternational();
}

/** The simulated account; `state` is everything it holds. */
export class SimAccount {
  readonly state: AccountState;

  constructor(state?: Partial<AccountState>) {
    this.state = {
      sid: newSid('AC'),
      authToken: randomBytes(16).toString('hex'),
      friendlyName: 'Switchboard simulator',
      type: 'Full',
      date_created: now(),
      keys: [],
      applications: [],
      incomingPhoneNumbers: [],
      outgoingCallerIds: [],
      serverlessServices: [],
      ...state,
    };
  }

  get sid(): string {
    return this.state.sid;
  }

  /** The state: what a snapshot of the account keeps. */
  toJSON(): AccountState {
    return this.state;
  }

  /** The password `username` signs in with in `region`: the auth token anywhere, a key's secret in its region. */
  readonly credentials = (username: string, region: string): string | undefined => {
    if (username === this.state.sid) return this.state.authToken;
    return this.state.keys.find((key) => key.sid === username && key.region === region)?.secret;
  };

  addKey(region = 'us1', friendlyName: string | null = 'Switchboard', sid = newSid('SK'), secret = randomBytes(16).toString('hex')): ApiKeyState {
    const key = { sid, secret, friendly_name: friendlyName, region, date_created: now(), date_updated: now() };
    this.state.keys.push(key);
    return key;
  }

  addApplication(fields: Record<string, unknown> = {}, sid = newSid('AP')): ResourceState {
    const app = { ...NEW_APPLICATION, ...fields, sid, date_created: now(), date_updated: now() };
    this.state.applications.push(app);
    return app;
  }

  addNumber(phoneNumber: string, fields: Record<string, unknown> = {}): ResourceState {
    const number = { ...NEW_NUMBER, friendly_name: friendlyNumber(phoneNumber), phone_number: phoneNumber, ...fields, sid: newSid('PN'), date_created: now(), date_updated: now() };
    this.state.incomingPhoneNumbers.push(number);
    return number;
  }

  addCallerId(phoneNumber: string): ResourceState {
    const callerId = { sid: newSid('PN'), phone_number: phoneNumber, friendly_name: friendlyNumber(phoneNumber), date_created: now(), date_updated: now() };
    this.state.outgoingCallerIds.push(callerId);
    return callerId;
  }

  /** A deployed service with one environment serving `domain`, as `twilio-run deploy` leaves it. */
  addServerlessService(domain: string, uniqueName = 'switchboard'): { serviceSid: string; environmentSid: string; buildSid: string } {
    const environment: ServerlessEnvironmentState = {
      sid: newSid('ZE'),
      build_sid: newSid('ZB'),
      unique_name: 'dev-environment',
      domain_suffix: 'dev',
      domain_name: domain,
      date_created: now(),
      date_updated: now(),
      variables: [],
    };
    const service: ServerlessServiceState = {
      sid: newSid('ZS'),
      unique_name: uniqueName,
      friendly_name: uniqueName,
      include_credentials: true,
      ui_editable: false,
      domain_base: domain.split('.')[0].replace(/-dev$/, ''),
      date_created: now(),
      date_updated: now(),
      environments: [environment],
    };
    this.state.serverlessServices.push(service);
    return { serviceSid: service.sid, environmentSid: environment.sid, buildSid: environment.build_sid! };
  }

  /** A variable of a deployed environment. */
  addVariable(environmentSid: string, key: string, value: string): ResourceState {
    const variable = { sid: newSid('ZV'), key, value, date_created: now(), date_updated: now() };
    this.environment(environmentSid)!.variables.push(variable);
    return variable;
  }

  /** The environment `sid` of any service, if it exists. */
  environment(sid: string): ServerlessEnvironmentState | undefined {
    return this.state.serverlessServices.flatMap((service) => service.environments).find((environment) => environment.sid === sid);
  }
}

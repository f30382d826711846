/**
 * A small fake of Twilio's REST API on 127.0.0.1, for the setup and doctor tests. It speaks the
 * real API's shapes: form-encoded writes, JSON bodies in snake_case, 2010-04-01 paging
 * (`next_page_uri`) and v1 paging (`meta.next_page_url`), error bodies with `code`, `message`,
 * `more_info`, `status` (401 → 20003, 404 → 20404), Basic auth with the account's auth token or
 * an API key's secret, and regional hosts (`api.ie1.twilio.com`). It records every request.
 *
 * `fake.client(user, password, options)` is a real `twilio` client whose httpClient sends each
 * request to the fake instead of to Twilio, keeping the original host in the Host header.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { clientOptions, type ClientFactory } from '../../tools/twilio-api';

export type Json = Record<string, unknown>;

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  host: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Form fields of a POST. */
  form: Record<string, string>;
  /** The Basic-auth user (an AC or SK SID). */
  user: string;
}

export const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

interface Key {
  sid: string;
  secret: string;
  friendly_name: string;
  region: string;
}

/** What the fake account holds; tests arrange it directly. */
export class FakeAccount {
  readonly sid = sid('AC');
  readonly authToken = randomBytes(16).toString('hex');
  type: 'Full' | 'Trial' = 'Full';
  friendlyName = 'Acme Support';
  keys: Key[] = [];
  applications: Json[] = [];
  numbers: Json[] = [];
  callerIds: Json[] = [];
  /** Serverless services: environments and their variables. */
  services: { sid: string; environments: Json[]; variables: Map<string, Json[]> }[] = [];

  addKey(region = 'us1', friendlyName = 'Switchboard'): Key {
    const key = { sid: sid('SK'), secret: randomBytes(16).toString('hex'), friendly_name: friendlyName, region };
    this.keys.push(key);
    return key;
  }

  addApplication(fields: Json): Json {
    const app: Json = { sid: sid('AP'), account_sid: this.sid, friendly_name: '', voice_url: '', voice_method: 'POST', voice_fallback_url: '', voice_fallback_method: 'POST', status_callback: '', status_callback_method: 'POST', sms_url: '', api_version: '2010-04-01', ...fields };
    app.uri = `/2010-04-01/Accounts/${this.sid}/Applications/${app.sid}.json`;
    this.applications.push(app);
    return app;
  }

  /** A number as Twilio sells it: pointing at Twilio's demo URL, no application. */
  addNumber(phoneNumber: string, fields: Json = {}): Json {
    const number: Json = { sid: sid('PN'), account_sid: this.sid, phone_number: phoneNumber, friendly_name: phoneNumber, voice_url: 'https://demo.twilio.com/welcome/voice/', voice_method: 'POST', voice_application_sid: '', trunk_sid: null, capabilities: { voice: true, sms: true, mms: true, fax: false }, ...fields };
    number.uri = `/2010-04-01/Accounts/${this.sid}/IncomingPhoneNumbers/${number.sid}.json`;
    this.numbers.push(number);
    return number;
  }

  addCallerId(phoneNumber: string): void {
    this.callerIds.push({ sid: sid('PN'), account_sid: this.sid, phone_number: phoneNumber, friendly_name: phoneNumber });
  }

  /** A deployed service with one environment, as `twilio-run deploy` leaves it. */
  addService(domain: string): { serviceSid: string; environmentSid: string; buildSid: string } {
    const service = { sid: sid('ZS'), environments: [] as Json[], variables: new Map<string, Json[]>() };
    const environment = { sid: sid('ZE'), service_sid: service.sid, account_sid: this.sid, build_sid: sid('ZB'), unique_name: 'dev-environment', domain_suffix: 'dev', domain_name: domain };
    service.environments.push(environment);
    service.variables.set(environment.sid as string, []);
    this.services.push(service);
    return { serviceSid: service.sid, environmentSid: environment.sid as string, buildSid: environment.build_sid as string };
  }

  /** The variables of a deployed environment (the live list: tests may add to it). */
  variables(environmentSid: string): Json[] {
    return this.services.find((s) => s.variables.has(environmentSid))?.variables.get(environmentSid) ?? [];
  }
}

/** Twilio clamps PageSize to this many records (1000 on the real API). */
const DEFAULT_MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 50;

class HttpError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }
}

const notFound = (path: string) => new HttpError(404, 20404, `The requested resource ${path} was not found`);

/** Sends every request of a `twilio` client to the fake, keeping the host it was meant for. */
class LoopbackRequestClient extends RequestClient {
  constructor(private readonly port: number) {
    super();
  }

  request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const target = new URL(opts.uri);
    if (!target.hostname.endsWith('.twilio.com')) throw new Error(`The fake only answers Twilio hosts, not ${target.hostname}`);
    return super.request({ ...opts, uri: `http://127.0.0.1:${this.port}${target.pathname}${target.search}`, headers: { ...opts.headers, Host: target.host } });
  }
}

export class FakeTwilioRest {
  readonly requests: RecordedRequest[] = [];
  /** Largest page the fake returns, whatever PageSize asks for. */
  maxPageSize = DEFAULT_MAX_PAGE_SIZE;
  private server?: Server;
  private port = 0;

  constructor(readonly account = new FakeAccount()) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A client factory for the tools: real `twilio` clients that reach this fake. */
  readonly clientFactory: ClientFactory = (username, password, options = {}) =>
    twilio(username, password, { ...clientOptions(options), httpClient: new LoopbackRequestClient(this.port) });

  /** Requests that change something (anything but GET). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  /** `METHOD host path` of each request, for exact assertions. */
  summary(): string[] {
    return this.requests.map((r) => `${r.method} ${r.host} ${r.path}`);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const [user = '', password = ''] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        host,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        form: Object.fromEntries(new URLSearchParams(body)),
        user,
      };
      this.requests.push(request);
      let status = 200;
      let reply: unknown;
      try {
        this.authenticate(request, password);
        [status, reply] = this.route(request, url);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        status = error.status;
        reply = { code: error.code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status };
      }
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  }

  private region(host: string): string {
    return /^\w+\.(?:\w+\.)?(us1|ie1|au1)\.twilio\.com$/.exec(host)?.[1] ?? 'us1';
  }

  private authenticate(request: RecordedRequest, password: string): void {
    const { account } = this;
    const pathAccount = /\/Accounts\/(AC\w+)/.exec(request.path)?.[1];
    const key = account.keys.find((k) => k.sid === request.user && k.region === this.region(request.host));
    const valid = (request.user === account.sid && password === account.authToken) || (key !== undefined && key.secret === password);
    if (!valid || (pathAccount && pathAccount !== account.sid)) throw new HttpError(401, 20003, 'Authenticate');
  }

  private route(request: RecordedRequest, url: URL): [number, unknown] {
    const { account } = this;
    const { method, path } = request;
    const form = request.form;
    if (request.host.startsWith('serverless.')) return this.routeServerless(request, url);
    const base = `/2010-04-01/Accounts/${account.sid}`;
    if (path === `${base}.json` && method === 'GET') {
      return [200, { sid: account.sid, friendly_name: account.friendlyName, status: 'active', type: account.type, uri: `${base}.json` }];
    }
    let match: RegExpExecArray | null;
    if (path === `${base}/Keys.json` && method === 'POST') {
      const key = account.addKey(this.region(request.host), form.FriendlyName ?? '');
      return [201, { sid: key.sid, friendly_name: key.friendly_name, secret: key.secret, date_created: new Date().toUTCString(), date_updated: new Date().toUTCString() }];
    }
    if ((match = new RegExp(`^${base}/Keys/(SK\\w+)\\.json$`).exec(path)) && method === 'GET') {
      const key = account.keys.find((k) => k.sid === match![1] && k.region === this.region(request.host));
      if (!key) throw notFound(path);
      return [200, { sid: key.sid, friendly_name: key.friendly_name, date_created: '', date_updated: '' }];
    }
    const collections: Record<string, [Json[], string, string]> = {
      Applications: [account.applications, 'applications', 'FriendlyName'],
      IncomingPhoneNumbers: [account.numbers, 'incoming_phone_numbers', 'PhoneNumber'],
      OutgoingCallerIds: [account.callerIds, 'outgoing_caller_ids', 'PhoneNumber'],
    };
    if ((match = new RegExp(`^${base}/(\\w+)\\.json$`).exec(path)) && collections[match[1]]) {
      const [records, key, filter] = collections[match[1]];
      if (method === 'GET') {
        const field = filter.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
        // Like Twilio, PhoneNumber matches partial numbers too; FriendlyName matches exactly.
        const wanted = request.query[filter];
        const digits = (value: unknown) => String(value).replace(/\D/g, '');
        const matches = (r: Json) => wanted === undefined || (filter === 'PhoneNumber' ? digits(r[field]).includes(digits(wanted)) : r[field] === wanted);
        return [200, this.page2010(records.filter(matches), key, url)];
      }
      if (method === 'POST' && match[1] === 'Applications') return [201, account.addApplication(fromForm(form))];
    }
    if ((match = new RegExp(`^${base}/(Applications|IncomingPhoneNumbers)/(\\w+)\\.json$`).exec(path))) {
      const record = collections[match[1]][0].find((r) => r.sid === match![2]);
      if (!record) throw notFound(path);
      if (method === 'POST') {
        Object.assign(record, fromForm(form));
        // Setting an application makes Twilio ignore (and clear) the number's own Voice URL.
        if (form.VoiceApplicationSid) record.voice_url = '';
      }
      return [200, record];
    }
    throw notFound(path);
  }

  private routeServerless(request: RecordedRequest, url: URL): [number, unknown] {
    const { method, path, form } = request;
    let match: RegExpExecArray | null;
    if ((match = /^\/v1\/Services\/(ZS\w+)\/Environments$/.exec(path)) && method === 'GET') {
      const service = this.account.services.find((s) => s.sid === match![1]);
      if (!service) throw notFound(path);
      return [200, this.pageV1(service.environments, 'environments', url)];
    }
    if ((match = /^\/v1\/Services\/(ZS\w+)\/Environments\/(ZE\w+)\/Variables(?:\/(ZV\w+))?$/.exec(path))) {
      const variables = this.account.services.find((s) => s.sid === match![1])?.variables.get(match[2]);
      if (!variables) throw notFound(path);
      if (!match[3] && method === 'GET') return [200, this.pageV1(variables, 'variables', url)];
      if (!match[3] && method === 'POST') {
        const variable = { sid: sid('ZV'), service_sid: match[1], environment_sid: match[2], key: form.Key, value: form.Value };
        variables.push(variable);
        return [201, variable];
      }
      const variable = variables.find((v) => v.sid === match![3]);
      if (!variable) throw notFound(path);
      if (method === 'POST') variable.value = form.Value;
      return [200, variable];
    }
    throw notFound(path);
  }

  private slice(records: Json[], url: URL): { page: number; size: number; items: Json[]; more: boolean } {
    const size = Math.min(Number(url.searchParams.get('PageSize')) || DEFAULT_PAGE_SIZE, this.maxPageSize);
    const page = Number(url.searchParams.get('Page')) || 0;
    return { page, size, items: records.slice(page * size, (page + 1) * size), more: (page + 1) * size < records.length };
  }

  /** A 2010-04-01 list page: the records under `key`, `next_page_uri` relative to the host. */
  private page2010(records: Json[], key: string, url: URL): Json {
    const { page, size, items, more } = this.slice(records, url);
    const uri = (p: number) => {
      const next = new URLSearchParams(url.searchParams);
      next.set('PageSize', String(size));
      next.set('Page', String(p));
      return `${url.pathname}?${next}`;
    };
    return { [key]: items, page, page_size: size, start: page * size, end: page * size + items.length - 1, uri: uri(page), first_page_uri: uri(0), next_page_uri: more ? uri(page + 1) : null, previous_page_uri: page > 0 ? uri(page - 1) : null };
  }

  /** A v1 list page: `meta.next_page_url` absolute, as serverless.twilio.com sends it. */
  private pageV1(records: Json[], key: string, url: URL): Json {
    const { page, size, items, more } = this.slice(records, url);
    const at = (p: number) => `https://serverless.twilio.com${url.pathname}?PageSize=${size}&Page=${p}`;
    return { [key]: items, meta: { page, page_size: size, first_page_url: at(0), previous_page_url: page > 0 ? at(page - 1) : null, url: at(page), next_page_url: more ? at(page + 1) : null, key } };
  }
}

/** Form fields (`VoiceUrl`) as the snake_case properties Twilio returns (`voice_url`). */
function fromForm(form: Record<string, string>): Json {
  return Object.fromEntries(Object.entries(form).map(([name, value]) => [name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(), value]));
}

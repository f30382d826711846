/**
 * The simulator's REST service alone (no call engine, no twilio-run) for tests of the CLI tools
 * and of Sync, and real `twilio` clients in the test process that reach it the way the Functions
 * do: through its interception proxy (`CONNECT <host>:443`, TLS with the proxy's certificate),
 * trusting the proxy's CA for these clients only. Every request a client makes is recorded, and
 * every answer it gets is checked against Twilio's OpenAPI description of its host.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Agent, type RequestOptions } from 'node:https';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import { SimAccount } from '../../simulator/rest/account';
import { API_HOSTS } from '../../simulator/rest/api-hosts';
import { makeCertificates, type InterceptionCertificates } from '../../simulator/rest/certificate-authority';
import { startRestService, type RestService } from '../../simulator/rest/rest-service';
import type { RestProxySettings } from '../../build/local-runtime';
import { SyncStore } from '../../simulator/rest/sync-store';
import { clientOptions, type ClientFactory } from '../../tools/twilio-api';
import { oversizedHead } from '../security/hostile-http';
import { validateExchange } from './openapi';
import { checkProperty } from './property';

/** One request as a client sent it. */
export interface RecordedRequest {
  method: string;
  host: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Form fields of a POST. */
  form: Record<string, string>;
  headers: Record<string, string>;
  /** The Basic-auth user (an AC or SK SID). */
  user: string;
  status: number;
  /** The answer's headers (lowercase names), e.g. `etag`. */
  answerHeaders: Record<string, string>;
}

/** Opens each connection as a tunnel through the proxy at `proxyUrl`, then TLS trusting `ca`. */
class TunnelAgent extends Agent {
  constructor(
    private readonly proxyUrl: URL,
    ca: string,
  ) {
    super({ ca, keepAlive: false });
  }

  createConnection(options: RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const target = `${options.host}:${options.port ?? 443}`;
    const socket = connect(Number(this.proxyUrl.port), this.proxyUrl.hostname);
    let head = '';
    const fail = (error: Error) => callback?.(error, socket);
    socket.once('error', fail);
    socket.once('connect', () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.off('error', fail);
      if (!head.startsWith('HTTP/1.1 200')) return fail(new Error(`the proxy refused ${target}: ${head.split('\r\n')[0]}`));
      callback?.(null, tlsConnect({ ...(options as object), socket, servername: String(options.host) }));
    };
    socket.on('data', onData);
    return undefined;
  }
}

/** A request client for `twilio` that tunnels through the simulator's proxy and records what it does. */
class SimulatorRequestClient extends RequestClient {
  constructor(
    agent: Agent,
    private readonly log: RecordedRequest[],
  ) {
    super({ keepAlive: false });
    this.axios.defaults.httpsAgent = agent;
  }

  async request<TData>(options: RequestClient.RequestOptions<TData>) {
    const response = await super.request(options);
    const uri = new URL(options.uri);
    const text = (values: object | undefined) => Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [name, String(value)]));
    this.log.push({
      method: options.method.toUpperCase(),
      host: uri.hostname,
      path: uri.pathname,
      query: { ...Object.fromEntries(uri.searchParams), ...text(options.params) },
      form: text(options.data as object),
      headers: text(options.headers),
      user: options.username ?? '',
      status: response.statusCode,
      answerHeaders: text(response.headers as object),
    });
    validateExchange({ method: options.method, uri: options.uri, status: response.statusCode, body: response.body });
    return response;
  }
}

/** The certificates of every REST service of this test file: made once (two RSA keys take a while). */
let certificates: Promise<InterceptionCertificates> | undefined;

/** The simulator's REST service on `account` and `sync`, and clients that reach it. */
export class RestSimulator {
  /** Every request the clients sent, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Every request the service received through its proxy (the Functions' too): `METHOD host path`. */
  readonly served: string[];
  private readonly agent: TunnelAgent;

  private constructor(
    readonly account: SimAccount,
    readonly sync: SyncStore,
    private readonly service: RestService,
    served: string[],
  ) {
    this.served = served;
    this.agent = new TunnelAgent(new URL(service.proxy.url), readFileSync(service.proxy.caFile, 'utf8'));
  }

  static async start(options: { account?: SimAccount; sync?: SyncStore } = {}): Promise<RestSimulator> {
    certificates ??= makeCertificates(API_HOSTS);
    const account = options.account ?? new SimAccount();
    const sync = options.sync ?? new SyncStore();
    const served: string[] = [];
    const observe = (request: { method: string; host: string; path: string }) => void served.push(`${request.method} ${request.host} ${request.path}`);
    return new RestSimulator(account, sync, await startRestService({ account, sync, certificates: await certificates, observe }), served);
  }

  /** A client factory for the tools: real `twilio` clients that reach this simulator. */
  readonly clientFactory: ClientFactory = (username, password, options = {}) =>
    twilio(username, password, { ...clientOptions(options), httpClient: new SimulatorRequestClient(this.agent, this.requests) });

  /** Where twilio-run sends its REST requests to reach this simulator (startRuntime's `restProxy`). */
  get restProxy(): RestProxySettings {
    return this.service.proxy;
  }

  /** A client with the account's own credentials. */
  client(options: { region?: 'us1' | 'ie1' | 'au1' } = {}) {
    return this.clientFactory(this.account.sid, this.account.state.authToken, options);
  }

  /** Requests that change something (anything but GET). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  /** `METHOD host path` of each request, for exact assertions. */
  summary(): string[] {
    return this.requests.map((r) => `${r.method} ${r.host} ${r.path}`);
  }

  stop(): Promise<void> {
    return this.service.close();
  }
}

/** One junk request: where, how, its parameters (query or form) and an If-Match header. */
export interface JunkRequest {
  uri: string;
  method: 'get' | 'post' | 'delete';
  fields: [string, string][];
  ifMatch?: string | null;
}

/**
 * Sends batches of junk requests through a real client (so every answer is checked against
 * Twilio's description) and asserts none is a 5xx; `beforeBatch` runs before each batch. Returns
 * how many answers each status had, for the caller to check the junk reached the rules.
 */
export async function sendJunk(sim: RestSimulator, name: string, request: fc.Arbitrary<JunkRequest>, beforeBatch: () => void = () => {}): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  await checkProperty(
    name,
    fc.asyncProperty(fc.array(request, { minLength: 5, maxLength: 5 }), async (batch) => {
      beforeBatch();
      for (const { uri, method, fields, ifMatch } of batch) {
        const values = Object.fromEntries(fields);
        const headers: Record<string, string> = ifMatch == null ? {} : { 'If-Match': ifMatch.replace(/[^\t\x20-\x7e]/g, '') };
        // Node refuses an oversized head (431, no body) before any handler runs. The client encodes
        // more than URLSearchParams does (`*` as %2A): count each byte of a query value as encoded.
        const query = fields.map(([field, value]) => `${field}=${'%XX'.repeat(Buffer.byteLength(value))}`).join('&');
        if (oversizedHead(method === 'get' ? `${uri}?${query}` : uri, new Headers(headers))) continue;
        const answer = await sim.client().request({ method, uri, ...(method === 'get' ? { params: values } : { data: values }), headers });
        statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
        if (answer.statusCode >= 500) throw new Error(`${method.toUpperCase()} ${uri} → ${answer.statusCode}`);
      }
    }),
    { numRuns: 30 },
  );
  return statuses;
}

/** A path segment from `value` as a client sends it: encoded, lone surrogates made well-formed first. */
export const pathSegment = (value: string) => encodeURIComponent(Buffer.from(value).toString()) || 'x';

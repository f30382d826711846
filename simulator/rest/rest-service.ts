/**
 * Starts the simulator's REST API: the account's resources, Sync, Serverless and (with a call
 * engine) the Voice resources on the simulator's stores, and the interception proxy (with
 * certificates made for this run) that brings the Functions and the CLI tools to it.
 */
import type { RestProxySettings } from '../../build/local-runtime';
import type { CallEngine } from '../calls/calls';
import type { ConferenceStore } from '../calls/conferences';
import type { RecordingStore } from '../calls/recordings';
import type { SimAccount } from './account';
import { accountRoutes } from './account-resources';
import { API_HOSTS } from './api-hosts';
import { callRoutes } from './calls-resource';
import { makeCertificates, type InterceptionCertificates } from './certificate-authority';
import { conferenceRoutes } from './conferences-resource';
import { startInterceptingProxy } from './intercepting-proxy';
import { recordingRoutes } from './recordings-resource';
import { callRecordingRoutes } from './call-recordings-resource';
import { userDefinedMessageRoutes } from './user-defined-messages';
import { RestApi } from './rest-api';
import { serverlessRoutes } from './serverless-resources';
import { syncRoutes } from './sync-resources';
import type { SyncStore } from './sync-store';

/** The Voice resources' stores, when a call engine runs. */
export interface VoiceStores {
  engine: CallEngine;
  recordings: RecordingStore;
  conferences: ConferenceStore;
  /** The numbers API-created calls may come from. */
  callerIds: readonly string[];
}

export interface RestServiceOptions {
  account: SimAccount;
  sync: SyncStore;
  /** Calls, Recordings and Conferences; without them the account, Sync and Serverless answer alone. */
  voice?: VoiceStores;
  /** The region of requests to the front URL (the account's own): `us1` unless told. */
  region?: string;
  /** Certificates made earlier (several services in one test file); made for this service otherwise. */
  certificates?: InterceptionCertificates;
  /** Hears every request the proxy brings (tests count what a Function asked of Twilio). */
  observe?: (request: { method: string; host: string; path: string }) => void;
}

export interface RestService {
  api: RestApi;
  /** What twilio-run (and any `twilio` client) needs to send its REST traffic here. */
  proxy: RestProxySettings;
  close(): Promise<void>;
}

/** Builds the REST API and starts its interception proxy on a free loopback port. */
export async function startRestService(options: RestServiceOptions): Promise<RestService> {
  const { account, sync, voice } = options;
  const voiceRoutes = voice
    ? [
        ...callRoutes(account.sid, voice.engine, voice.callerIds),
        ...userDefinedMessageRoutes(account.sid, voice.engine),
        ...recordingRoutes(account.sid, voice.recordings),
        ...callRecordingRoutes(account.sid, voice.engine, voice.recordings),
        ...conferenceRoutes(account.sid, voice.conferences, voice.engine.api, voice.callerIds),
      ]
    : [];
  const api = new RestApi({
    accountSid: account.sid,
    credentials: account.credentials,
    frontRegion: options.region ?? 'us1',
    products: [
      { product: 'api', prefix: '/2010-04-01/', front: true, routes: [...accountRoutes(account), ...voiceRoutes] },
      { product: 'sync', prefix: '/v1/', front: true, routes: syncRoutes(account.sid, sync), clock: sync.now },
      { product: 'serverless', prefix: '/v1/', front: false, routes: serverlessRoutes(account) },
    ],
  });
  const certificates = options.certificates ?? (await makeCertificates(API_HOSTS));
  const proxy = await startInterceptingProxy({
    hosts: API_HOSTS,
    certificates,
    handler: (request, response) => {
      options.observe?.({ method: request.method ?? '', host: String(request.headers.host ?? '').replace(/:\d+$/, ''), path: (request.url ?? '').split('?')[0] });
      return api.handle(request, response);
    },
  });
  return { api, proxy: { url: proxy.url, caFile: certificates.caFile }, close: () => proxy.close() };
}

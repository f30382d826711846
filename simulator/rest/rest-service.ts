/**
 * Starts the simulator's REST API: its resources on the simulator's stores, and the
 * interception proxy (with certificates made for this run) that brings the Functions to it.
 */
import type { RestProxySettings } from '../../build/local-runtime';
import type { CallEngine } from '../calls/calls';
import type { ConferenceStore } from '../calls/conferences';
import type { RecordingStore } from '../calls/recordings';
import { conferenceRoutes } from './conferences-resource';
import { recordingRoutes } from './recordings-resource';
import { API_HOSTS } from './api-hosts';
import { makeCertificates } from './certificate-authority';
import { callRoutes } from './calls-resource';
import { startInterceptingProxy } from './intercepting-proxy';
import { RestApi } from './rest-api';

export interface RestServiceOptions {
  /** ACCOUNT_SID, AUTH_TOKEN, API_KEY, API_SECRET and CALLER_ID (the number API calls may come from) of the simulated account. */
  env: Readonly<Record<string, string>>;
  engine: CallEngine;
  recordings: RecordingStore;
  conferences: ConferenceStore;
}

export interface RestService {
  api: RestApi;
  /** What twilio-run needs to send its REST traffic here. */
  proxy: RestProxySettings;
  close(): Promise<void>;
}

/** Builds the REST API and starts its interception proxy on a free loopback port. */
export async function startRestService(options: RestServiceOptions): Promise<RestService> {
  const { ACCOUNT_SID: accountSid, AUTH_TOKEN, API_KEY, API_SECRET } = options.env;
  const callerIds = [options.env.CALLER_ID];
  const api = new RestApi({
    accountSid,
    credentials: new Map([
      [accountSid, AUTH_TOKEN],
      [API_KEY, API_SECRET],
    ]),
    routes: [...callRoutes(accountSid, options.engine, callerIds), ...recordingRoutes(accountSid, options.recordings), ...conferenceRoutes(accountSid, options.conferences, options.engine.api, callerIds)],
  });
  const certificates = await makeCertificates(API_HOSTS);
  const proxy = await startInterceptingProxy({ hosts: API_HOSTS, certificates, handler: (request, response) => api.handle(request, response) });
  return { api, proxy: { url: proxy.url, caFile: certificates.caFile }, close: () => proxy.close() };
}

/**
 * The one URL people open (`http://localhost:PORT`): the page (with the simulator script
 * injected), the Functions (proxied to twilio-run), the signaling WebSocket `/signal`, Twilio's
 * REST API (`/2010-04-01/…`) and the simulator's own `/__sim/…` routes.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { injectSimulator } from './page-injection';
import { send, type SimulatorPages } from './sim-pages';
import type { SignalingServer } from '../signaling/signaling';
import type { RestApi } from '../rest/rest-api';
import { FUNCTION_TIMEOUT_MS, gatewayRefusal } from './function-rules';

export interface FrontServerOptions {
  /** Port of twilio-run on loopback. */
  runtimePort: number;
  pages: SimulatorPages;
  signaling: SignalingServer;
  /** Twilio's REST API, served at its own paths (`/2010-04-01/…`, Sync's `/v1/…`) on the front URL too. */
  rest: RestApi;
  /** Paths of the Functions (`/voice`, …): held to deployed Functions' rules (function-rules.ts). */
  functions: ReadonlySet<string>;
  /** How long a Function may take; Twilio's 10 s by default. */
  functionTimeoutMs?: number;
}

/** Paths that serve the page (Twilio's root-asset rule puts index.html at `/` too). */
const PAGE_PATHS = new Set(['/', '/index.html', '/assets/index.html']);

function forward(request: IncomingMessage, response: ServerResponse, port: number, rewriteHtml?: (html: string) => string, timeoutMs?: number): void {
  const headers = { ...request.headers };
  if (rewriteHtml) delete headers['accept-encoding'];
  const upstream = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.url, headers }, (answer) => {
    clearTimeout(timer);
    const type = String(answer.headers['content-type'] ?? '');
    if (!rewriteHtml || !type.includes('text/html')) {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      return;
    }
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      const body = Buffer.from(rewriteHtml(Buffer.concat(chunks).toString('utf8')));
      const { 'content-length': _length, etag: _etag, ...rest } = answer.headers;
      response.writeHead(answer.statusCode ?? 200, { ...rest, 'content-length': body.length, 'cache-control': 'no-store' });
      response.end(body);
    });
    answer.on('error', () => response.destroy());
  });
  upstream.on('error', () => {
    if (response.writableEnded) return;
    if (!response.headersSent) send(response, 502, { error: 'The local Functions server (twilio-run) is not answering.' });
    else response.destroy();
  });
  // A deployed Function that has not answered in time is cut off by Twilio.
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          upstream.destroy();
          if (!response.headersSent) send(response, 504, { error: 'runtime application timed out' });
        }, timeoutMs);
  response.on('close', () => clearTimeout(timer));
  request.pipe(upstream);
}

/** Creates (not yet listening) the front server. */
export function createFrontServer(options: FrontServerOptions): Server {
  const server = createServer((request, response) => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      return send(response, 400, { error: 'bad request URL' });
    }
    if (url.pathname.startsWith('/__sim/')) return options.pages.serve(url, request.method ?? 'GET', response);
    if (options.rest.servesFrontPath(url.pathname)) return options.rest.handle(request, response);
    if (url.pathname === '/signal') return send(response, 426, { error: 'WebSocket only: this is the Voice SDK signaling endpoint' });
    // The Host header ends up inside the page's CSP: accept only what a host can look like.
    const host = /^[A-Za-z0-9.:[\]-]{1,100}$/.test(request.headers.host ?? '') ? request.headers.host! : 'localhost';
    const isPage = request.method === 'GET' && PAGE_PATHS.has(url.pathname);
    if (options.functions.has(url.pathname)) {
      const refusal = gatewayRefusal(request);
      if (refusal) return send(response, refusal.status, { error: refusal.error });
      return forward(request, response, options.runtimePort, undefined, options.functionTimeoutMs ?? FUNCTION_TIMEOUT_MS);
    }
    forward(request, response, options.runtimePort, isPage ? (html) => injectSimulator(html, host) : undefined);
  });
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0];
    if (path === '/signal') options.signaling.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  return server;
}

/**
 * The HTTP proxy that brings the Functions' REST traffic to the simulator (docs/twilio-runtime.md). The
 * `twilio` client, given `HTTP_PROXY`, tunnels every request with `CONNECT api.twilio.com:443`;
 * this proxy answers the CONNECT itself, terminates TLS with a certificate of its own CA and hands
 * the decrypted requests to the REST API. Any other CONNECT target and every plain-HTTP proxy
 * request is refused with 403 and never forwarded: no packet leaves loopback.
 */
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { InterceptionCertificates } from './certificate-authority';

export interface InterceptingProxyOptions {
  /** Host names the proxy stands in for (port 443 only). */
  hosts: readonly string[];
  certificates: InterceptionCertificates;
  /** Answers each decrypted request. */
  handler: RequestListener;
}

function refuse(socket: Duplex, reason: string): void {
  const body = `${reason}\n`;
  socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export interface InterceptingProxy {
  /** http://127.0.0.1:PORT, the value of HTTP_PROXY. */
  url: string;
  /** Closes the proxy and every tunnel still open. */
  close(): Promise<void>;
}

/** Starts the proxy on a free loopback port. */
export async function startInterceptingProxy(options: InterceptingProxyOptions): Promise<InterceptingProxy> {
  const tunnels = new Set<Duplex>();
  const hosts = new Set(options.hosts.map((host) => host.toLowerCase()));
  const tlsServer = createHttpsServer({ cert: options.certificates.cert, key: options.certificates.key }, options.handler);
  tlsServer.on('tlsClientError', (_error, socket) => socket.destroy());
  const proxy = createServer((_request, response) => {
    // A plain-HTTP proxy request (absolute URL) or a direct request: the simulator forwards nothing.
    response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    response.end(`The simulator's proxy only tunnels to Twilio's REST API (${[...hosts][0]}:443); it forwards nothing else.\n`);
  });
  proxy.on('connect', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const target = /^([A-Za-z0-9.-]{1,253}):443$/.exec(request.url ?? '');
    if (!target || !hosts.has(target[1].toLowerCase())) return refuse(socket, `The simulator's proxy does not tunnel to ${(request.url ?? '').slice(0, 200)}.`);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    if (head.length) socket.unshift(head);
    tlsServer.emit('connection', socket);
  });
  proxy.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of tunnels) socket.destroy();
        proxy.closeAllConnections();
        tlsServer.close();
        proxy.close(() => resolve());
      }),
  };
}

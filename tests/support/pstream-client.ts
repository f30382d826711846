/**
 * A Node stand-in for the Voice SDK on the simulator's signaling socket: speaks PStream frames
 * (docs/voice-sdk-protocol.md) so protocol, load and security tests need no browser.
 */
import WebSocket from 'ws';
import type { Reply } from './reply';

export interface Frame {
  type: string;
  payload: Record<string, Reply>;
}

export class PStreamClient {
  /** Frames received and not yet taken by `next`. */
  private readonly inbox: Frame[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  heartbeats = 0;
  closed: Promise<{ code: number }>;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve({ code })));
    socket.on('message', (data) => {
      // ws's default binaryType hands each message over as one Buffer.
      const text = (data as Buffer).toString();
      if (text === '\n') {
        this.heartbeats++;
        socket.send('\n');
        return;
      }
      const frame = JSON.parse(text) as Frame;
      const waiter = this.waiters.find((w) => w.match(frame));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(frame);
      } else {
        this.inbox.push(frame);
      }
    });
  }

  /** Opens `ws://…/signal` of a simulator URL. */
  static connect(simulatorUrl: string): Promise<PStreamClient> {
    const socket = new WebSocket(`${simulatorUrl.replace(/^http/, 'ws')}/signal`);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new PStreamClient(socket)));
      socket.once('error', reject);
    });
  }

  /** A connected client that sent `listen` and `register` and got `ready`. */
  static async registered(simulatorUrl: string, token: string): Promise<PStreamClient> {
    const client = await PStreamClient.connect(simulatorUrl);
    client.send('listen', { token, browserinfo: { p: 'browser', v: '2.18.5' }, reconnectTimeout: 0 });
    await client.next('connected');
    client.send('register', { media: { audio: true } });
    await client.next('ready');
    return client;
  }

  send(type: string, payload: Record<string, unknown>): void {
    this.sendRaw(JSON.stringify({ type, version: '1.6', payload }));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** The next frame of `type` (and matching `where`), waiting up to `timeoutMs`. */
  next(type: string, where: (payload: Frame['payload']) => boolean = () => true, timeoutMs = 5000): Promise<Frame['payload']> {
    const match = (f: Frame) => f.type === type && where(f.payload);
    const index = this.inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0].payload);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no ${type} frame within ${timeoutMs} ms; unread: ${JSON.stringify(this.inbox).slice(0, 500)}`));
      }, timeoutMs);
      const done = (f: Frame) => {
        clearTimeout(timer);
        resolve(f.payload);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  /** Frames received so far and not taken, without waiting. */
  unread(type?: string): Frame[] {
    return this.inbox.filter((f) => type === undefined || f.type === type);
  }

  close(): void {
    this.socket.terminate();
  }
}

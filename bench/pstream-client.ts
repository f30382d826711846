/**
 * A protocol-level Voice SDK stand-in for load: speaks PStream (design §5) over a plain `ws`
 * socket — echoes heartbeats, sends frames and awaits the server's, stamping each frame with
 * the moment it arrived so latencies are exact even when awaited late.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** A server frame and when it arrived (performance.now() ms). */
export interface Received {
  type: string;
  payload: Record<string, unknown>;
  at: number;
}

interface Waiter {
  type: string;
  resolve(frame: Received): void;
}

/** What `listen` says about the client, as the browser SDK 2.18.5 says it. */
const BROWSER_INFO = { browser: { platform: 'bench', userAgent: 'switchboard-bench' }, p: 'browser', plugin: 'rtc', v: '2.18.5' };

export class PStreamClient {
  private readonly inbox: Received[] = [];
  private waiters: Waiter[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(data.toString()));
  }

  /** Opens a signaling socket. */
  static open(url: string): Promise<PStreamClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new PStreamClient(socket)));
      socket.once('error', reject);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a frame; returns when it was sent (performance.now() ms). */
  send(type: string, payload: Record<string, unknown>): number {
    const at = performance.now();
    this.socket.send(JSON.stringify({ type, version: '1.6', payload }));
    return at;
  }

  listen(token: string): number {
    return this.send('listen', { token, browserinfo: BROWSER_INFO, reconnectTimeout: 0 });
  }

  /** The next frame of `type` (one that already arrived counts), or an error after `timeoutMs`. */
  next(type: string, timeoutMs: number): Promise<Received> {
    const index = this.inbox.findIndex((frame) => frame.type === type);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        type,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${type} within ${timeoutMs} ms${this.lastError()}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** True when a frame of `type` arrived and nobody has taken it yet. */
  has(type: string): boolean {
    return this.inbox.some((frame) => frame.type === type);
  }

  close(): void {
    this.socket.terminate();
  }

  private lastError(): string {
    const error = this.inbox.find((frame) => frame.type === 'error');
    return error ? ` (server said ${JSON.stringify(error.payload)})` : '';
  }

  private receive(text: string): void {
    if (text.trim() === '') {
      if (this.open) this.socket.send(text); // heartbeats are echoed, as the SDK does
      return;
    }
    const at = performance.now();
    let parsed: { type?: unknown; payload?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return;
    }
    const frame: Received = { type: String(parsed.type), payload: (parsed.payload ?? {}) as Record<string, unknown>, at };
    const waiter = this.waiters.find((w) => w.type === frame.type);
    if (!waiter) {
      this.inbox.push(frame);
      return;
    }
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(frame);
  }
}

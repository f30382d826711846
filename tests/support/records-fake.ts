/**
 * A stand-in for the data Functions (`/voicemail`, `/calls`, `/recording`, `/voicemail-delete`,
 * `/voicemail-played`, `/voicemail-handled`, and `/team`, whose tags move whenever the messages,
 * their marks or the history held here change) behind a
 * browser context, answering as the contract says (src/lib/contract/):
 * Bearer tokens verified with the simulator's API_SECRET, 401 without one, pages of 50 with an
 * opaque cursor, 404 SB_NOT_FOUND, and 503 SB_TWILIO_UNAVAILABLE + Retry-After when `failing`.
 * Shared by every context attached, so what one page deletes is gone for the others.
 */
import type { BrowserContext, Route } from 'playwright-core';
import type { HistoryEntry } from '../../src/lib/contract/calls';
import type { HandledMark, Voicemail } from '../../src/lib/contract/voicemail';
import { createHash } from 'node:crypto';
import type { TeamState } from '../../src/lib/contract/team';
import { verifyHs256 } from './jwt';

const PATHS = ['/voicemail', '/calls', '/recording', '/voicemail-delete', '/voicemail-played', '/voicemail-handled', '/team'];

/** A message as Twilio's records give it; the marks are kept beside it. */
export type FakeMessage = Omit<Voicemail, 'played' | 'handled'>;
const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
const PAGE_SIZE = 50;

export class RecordsFake {
  messages: FakeMessage[] = [];
  /** Who played each message, by recording id. */
  readonly played = new Map<string, Set<string>>();
  /** Each message's handled mark, by recording id. */
  readonly handled = new Map<string, HandledMark>();
  history: HistoryEntry[] = [];
  /** Audio of each message, by recording id. */
  readonly audio = new Map<string, { body: Buffer; contentType: string }>();
  /** Answer every request 503 (Twilio's API down). */
  failing = false;
  /** Refuse every token with 401 and this code (e.g. SB_SESSION_OVER), as the real Functions do when a session ends. */
  refusing: string | undefined;
  /** Each request: path with query, who asked (verified), its method. */
  readonly requests: { path: string; identity?: string; method: string }[] = [];

  constructor(
    private readonly apiSecret: string,
    private readonly team: readonly string[],
  ) {}

  /** Serves the four paths to every page of `context`. */
  async attach(context: BrowserContext): Promise<void> {
    await context.route(
      (url) => PATHS.includes(url.pathname),
      (route) => this.answer(route),
    );
  }

  /** Adds a message (newest first) with its audio and its call in the history. */
  leave(message: FakeMessage, audio: { body: Buffer; contentType: string }): void {
    this.messages.unshift(message);
    this.audio.set(message.id, audio);
  }

  private async answer(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    const identity = this.identity(request.headers().authorization);
    this.requests.push({ path: url.pathname + url.search, identity, method: request.method() });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      route.fulfill({ status, contentType: 'application/json', headers: { 'Cache-Control': 'no-store', ...headers }, body: JSON.stringify(body) });
    const error = (status: number, code: string, headers: Record<string, string> = {}) => json(status, { error: { code, message: code, action: '' } }, headers);
    if (!identity) return error(401, 'SB_SESSION');
    if (this.refusing) return error(401, this.refusing);
    if (this.failing) return error(503, 'SB_TWILIO_UNAVAILABLE', { 'Retry-After': '1' });
    switch (url.pathname) {
      case '/team': {
        const state: TeamState = {
          identity,
          dnd: false,
          team: this.team.map((who) => ({ identity: who, presence: 'available' })),
          changes: { voicemail: digest([this.messages, [...this.played].map(([id, who]) => [id, [...who]]), [...this.handled]]), history: digest(this.history) },
        };
        const etag = `"${digest(state)}"`;
        if (request.headers()['if-none-match'] === etag) return route.fulfill({ status: 304, headers: { ETag: etag } });
        return json(200, state, { ETag: etag });
      }
      case '/voicemail':
        return json(200, {
          messages: this.messages.map((m) => ({ ...m, played: !!this.played.get(m.id)?.has(identity), ...(this.handled.has(m.id) ? { handled: this.handled.get(m.id) } : {}) })),
          marks: true,
        });
      case '/calls': {
        const start = Number(url.searchParams.get('before') ?? 0);
        const end = start + PAGE_SIZE;
        return json(200, { entries: this.history.slice(start, end), next: end < this.history.length ? String(end) : null });
      }
      case '/recording': {
        const audio = this.audio.get(url.searchParams.get('id') ?? '');
        if (!audio || !this.messages.some((m) => m.id === url.searchParams.get('id'))) return error(404, 'SB_NOT_FOUND');
        return route.fulfill({ status: 200, contentType: audio.contentType, headers: { 'Cache-Control': 'private, no-store' }, body: audio.body });
      }
      default: {
        const form = new URLSearchParams(request.postData() ?? '');
        const id = form.get('id') ?? '';
        if (request.method() !== 'POST' || !this.messages.some((m) => m.id === id)) return error(404, 'SB_NOT_FOUND');
        if (url.pathname === '/voicemail-played') {
          this.played.set(id, new Set([...(this.played.get(id) ?? []), identity]));
          return json(200, { id, played: true });
        }
        if (url.pathname === '/voicemail-handled') {
          if (form.get('handled') === 'false') this.handled.delete(id);
          else if (!this.handled.has(id)) this.handled.set(id, { by: identity, at: new Date().toISOString() });
          return json(200, { id, handled: this.handled.get(id) ?? null });
        }
        this.messages = this.messages.filter((m) => m.id !== id);
        return json(200, { deleted: id });
      }
    }
  }

  /** The teammate a `Bearer` token names, when it verifies and has not expired. */
  private identity(authorization: string | undefined): string | undefined {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = verifyHs256(token, this.apiSecret);
      const identity = payload.grants?.identity as string | undefined;
      return payload.exp * 1000 > Date.now() && identity && this.team.includes(identity) ? identity : undefined;
    } catch {
      return undefined;
    }
  }
}

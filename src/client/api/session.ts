/**
 * Signing in (`GET /token` with Basic credentials, once) and keeping the token fresh: each refresh
 * presents the current token as `Bearer`, so the page keeps no passcode after sign-in.
 * Every refresh is scheduled here from `expiresAt`, not from the SDK's `tokenWillExpire`, which
 * Twilio fires once per page at most (docs/voice-sdk-protocol.md). The session ends when the server says so
 * (SESSION_MAX_HOURS reached, removed from the team, token refused).
 */
import type { ErrorCode, ErrorReply } from '../../lib/contract/errors';
import type { TokenReply } from '../../lib/contract/token';
import { PageError } from '../page/errors';

/** What a person signs in with; used for one request, then forgotten. */
export interface Credentials {
  readonly identity: string;
  readonly passcode: string;
}

/** Part of the lifetime left when the page refreshes: at 75 % of it. */
const REFRESH_AT = 0.75;
const MIN_DELAY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/** Codes with which the server refuses to renew a session: only the passcode helps then. */
const SESSION_ENDS: readonly ErrorCode[] = ['SB_SESSION', 'SB_SESSION_OVER', 'SB_SESSION_REVOKED', 'SB_NOT_ON_TEAM'];

/** `Authorization: Basic …` for UTF-8 credentials (btoa alone only takes Latin-1). */
export function basicAuthorization({ identity, passcode }: Credentials): string {
  const bytes = new TextEncoder().encode(`${identity}:${passcode}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** `Authorization: Bearer …`: the current access token renews the session. */
export function bearerAuthorization(token: string): string {
  return `Bearer ${token}`;
}

/**
 * The PageError for a refusal of our Functions: the error reply's code and message (SB_NETWORK when
 * the answer is not ours) and, with a Retry-After in seconds, when trying again may help.
 */
export function refusal(response: Response, body: Partial<ErrorReply> | undefined, now: () => number = Date.now): PageError {
  const seconds = Number(response.headers.get('Retry-After') ?? NaN);
  const retryAt = Number.isFinite(seconds) && seconds >= 0 ? now() + seconds * 1000 : undefined;
  return new PageError(body?.error?.code ?? 'SB_NETWORK', body?.error?.message, retryAt);
}

/**
 * Asks for a token with a Basic (sign-in) or Bearer (renewal) `authorization`. Rejects with a
 * PageError carrying the table code: SB_AUTH (401 to a passcode), SB_SESSION / SB_SESSION_OVER /
 * SB_SESSION_REVOKED (401 to a token), SB_NOT_ON_TEAM (403), SB_SIGN_IN_WAIT (429, with when to
 * try again), SB_STORE_UNAVAILABLE (503, likewise), SB_CONFIG (503), SB_NETWORK (no answer or not ours).
 */
export async function requestToken(authorization: string, fetcher: typeof fetch = fetch): Promise<TokenReply> {
  let response: Response;
  try {
    // X-Requested-With: a 401 must not pop up the browser's own login box.
    response = await fetcher('/token', {
      headers: { Authorization: authorization, 'X-Requested-With': 'XMLHttpRequest' },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new PageError('SB_NETWORK');
  }
  const body = (await response.json().catch(() => undefined)) as Partial<ErrorReply & TokenReply> | undefined;
  if (response.ok && typeof body?.token === 'string' && typeof body.expiresAt === 'string' && typeof body.sessionExpiresAt === 'string') return body as TokenReply;
  throw refusal(response, body);
}

/** Timers: the page's own, unless a test or the bench passes virtual ones. */
export interface Timers {
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

/** The `given` timers, the page's own where none is given. */
export function timersOf(given: Partial<Timers> = {}): Timers {
  return {
    setTimer: given.setTimer ?? ((run, ms) => setTimeout(run, ms)),
    clearTimer: given.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>)),
  };
}

/** When to refresh a token expiring at `expiresAtMs`, seen at `nowMs`: 75 % into what is left. */
export function refreshDelay(expiresAtMs: number, nowMs: number): number {
  return Math.max(MIN_DELAY_MS, Math.round((expiresAtMs - nowMs) * REFRESH_AT));
}

/** Back-off before retry `attempt` (1, 2, …): 1 s, 2 s, 4 s … at most 30 s. */
export function retryDelay(attempt: number): number {
  return Math.min(MAX_RETRY_MS, 1000 * 2 ** (attempt - 1));
}

/** What the TokenKeeper tells the page. */
export interface TokenKeeperEvents {
  /** A new token to hand to the Device. */
  onToken(reply: TokenReply): void;
  /** A refresh failed and will be retried after `delayMs`. */
  onRetry(error: PageError, attempt: number, delayMs: number): void;
  /** The server no longer renews this session (why: the error's code): the passcode is needed. */
  onEnded(error: PageError): void;
}

/**
 * Renews the token ahead of every expiry with the token itself, retrying failures, until the
 * server refuses or it is stopped. The last token of a session runs to the session's end: that
 * one is renewed only when it expires, so the server's refusal (SB_SESSION_OVER) ends the session.
 */
export class TokenKeeper {
  private timer: unknown;
  private attempt = 0;
  private stopped = false;
  private inFlight = false;
  private token = '';

  constructor(
    private readonly events: TokenKeeperEvents,
    private readonly fetcher: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
    private readonly timers: Timers = timersOf(),
  ) {}

  /** Keeps the token just received and schedules its renewal. */
  schedule(reply: TokenReply): void {
    this.token = reply.token;
    const expiresAt = Date.parse(reply.expiresAt);
    const last = expiresAt >= Date.parse(reply.sessionExpiresAt);
    this.arm(last ? Math.max(MIN_DELAY_MS, expiresAt - this.now()) : refreshDelay(expiresAt, this.now()));
  }

  /** Refreshes at once (e.g. on the SDK's `tokenWillExpire`), unless one is under way. */
  refreshNow(): void {
    if (!this.inFlight && !this.stopped) void this.refresh();
  }

  /** Stops refreshing (sign-out). */
  stop(): void {
    this.stopped = true;
    this.timers.clearTimer(this.timer);
  }

  private arm(delayMs: number): void {
    this.timers.clearTimer(this.timer);
    if (!this.stopped) this.timer = this.timers.setTimer(() => void this.refresh(), delayMs);
  }

  private async refresh(): Promise<void> {
    this.inFlight = true;
    this.timers.clearTimer(this.timer);
    try {
      const reply = await requestToken(bearerAuthorization(this.token), this.fetcher);
      if (this.stopped) return;
      this.attempt = 0;
      this.events.onToken(reply);
      this.schedule(reply);
    } catch (error) {
      if (this.stopped) return;
      const failure = error instanceof PageError ? error : new PageError('SB_REFRESH');
      if (SESSION_ENDS.includes(failure.code)) {
        this.stop();
        this.events.onEnded(failure);
        return;
      }
      this.attempt += 1;
      const delay = retryDelay(this.attempt);
      this.events.onRetry(failure, this.attempt, delay);
      this.arm(delay);
    } finally {
      this.inFlight = false;
    }
  }
}

/**
 * Signing in (`GET /token` with Basic credentials) and keeping the token fresh. The passcode
 * lives only in this object's memory. Every refresh is scheduled here from `expiresAt`, not from
 * the SDK's `tokenWillExpire`, which Twilio fires once per page at most (design §5).
 */
import { PageError } from './errors';

/** `GET /token`'s 200 body (src/lib/token-endpoint.ts). */
export interface TokenReply {
  identity: string;
  token: string;
  expiresAt: string;
  edge?: string;
  team: string[];
  allowedCountries: string[];
  teamNumber: string;
}

/** What a person signs in with; kept in memory only. */
export interface Credentials {
  readonly identity: string;
  readonly passcode: string;
}

/** Part of the lifetime left when the page refreshes: at 75 % of it. */
const REFRESH_AT = 0.75;
const MIN_DELAY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/** `Authorization: Basic …` for UTF-8 credentials (btoa alone only takes Latin-1). */
export function basicAuthorization({ identity, passcode }: Credentials): string {
  const bytes = new TextEncoder().encode(`${identity}:${passcode}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * Asks for a token. Rejects with a PageError carrying the table code: SB_AUTH (401),
 * SB_CONFIG (503), SB_NETWORK (no answer or an answer that is not ours).
 */
export async function requestToken(credentials: Credentials, fetcher: typeof fetch = fetch): Promise<TokenReply> {
  let response: Response;
  try {
    // X-Requested-With: a 401 must not pop up the browser's own login box.
    response = await fetcher('/token', {
      headers: { Authorization: basicAuthorization(credentials), 'X-Requested-With': 'XMLHttpRequest' },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new PageError('SB_NETWORK');
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } & Partial<TokenReply> | undefined;
  if (response.ok && typeof body?.token === 'string' && typeof body.expiresAt === 'string') return body as TokenReply;
  throw new PageError(body?.error?.code ?? 'SB_NETWORK', body?.error?.message);
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
  /** The team no longer accepts these credentials: the session is over. */
  onEnded(error: PageError): void;
}

/** Refreshes the token ahead of every expiry, retrying failures, until stopped. */
export class TokenKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private stopped = false;
  private inFlight = false;

  constructor(
    private readonly credentials: Credentials,
    private readonly events: TokenKeeperEvents,
    private readonly fetcher: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  /** Schedules the refresh of the token just received. */
  schedule(reply: TokenReply): void {
    this.arm(refreshDelay(Date.parse(reply.expiresAt), this.now()));
  }

  /** Refreshes at once (e.g. on the SDK's `tokenWillExpire`), unless one is under way. */
  refreshNow(): void {
    if (!this.inFlight && !this.stopped) void this.refresh();
  }

  /** Stops refreshing (sign-out). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(delayMs: number): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => void this.refresh(), delayMs);
  }

  private async refresh(): Promise<void> {
    this.inFlight = true;
    clearTimeout(this.timer);
    try {
      const reply = await requestToken(this.credentials, this.fetcher);
      if (this.stopped) return;
      this.attempt = 0;
      this.events.onToken(reply);
      this.schedule(reply);
    } catch (error) {
      if (this.stopped) return;
      const failure = error instanceof PageError ? error : new PageError('SB_REFRESH');
      if (failure.code === 'SB_AUTH') {
        this.stop();
        this.events.onEnded(new PageError('SB_SESSION'));
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

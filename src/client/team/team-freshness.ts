/**
 * Keeps the page's picture of the team current at a bearable cost: one `GET /team` per update
 * (every 15 s while the page is visible, every minute while hidden, at once when it comes back
 * into view or a call here ends; failures back off as every Poller does), answered 304 when
 * nothing changed. Voicemail and the history are fetched only when their tags moved.
 */
import type { TeamState } from '../../lib/contract/team';
import { fetchTeam } from '../api/team-state';
import { RecordsError, type RecordsTransport } from '../api/team-records';
import { Poller, type PollerOptions } from '../records/poller';

/**
 * While visible: a change shows within 15 s (this, plus one request), and an idle hour stays
 * under 250 requests with the token's renewal.
 */
export const VISIBLE_UPDATE_MS = 14_600;
/** While hidden: the person still shows as available, for a quarter of the cost. */
export const HIDDEN_UPDATE_MS = 60_000;

export type ChangedRecords = 'voicemail' | 'history';

export interface FreshnessEvents {
  /** A new picture (only when it differs from the last). */
  picture(state: TeamState): void;
  /** Voicemail or the history's newest page changed since the last picture: fetch it. */
  changed(records: ChangedRecords): void;
  /** An update failed; the next one is in `delayMs`. */
  failed(error: unknown, delayMs: number): void;
}

export class TeamFreshness {
  private readonly poller: Poller;
  private etag: string | undefined;
  private tags: TeamState['changes'];
  /** The last update failed: the next good one fetches both bodies (whatever they missed meanwhile). */
  private failing = false;

  constructor(
    private readonly transport: RecordsTransport,
    private readonly events: FreshnessEvents,
    /** True while the page is visible (`document.visibilityState`, a fake in tests). */
    visible: () => boolean,
    timers: Pick<PollerOptions, 'setTimer' | 'clearTimer'> = {},
  ) {
    this.poller = new Poller(
      () => this.update(),
      { onRetry: (error, _attempt, delayMs) => ((this.failing = true), events.failed(error, delayMs)) },
      {
        intervalMs: () => (visible() ? VISIBLE_UPDATE_MS : HIDDEN_UPDATE_MS),
        waitAfter: (error) => (error instanceof RecordsError ? error.retryAfterMs : 0),
        ...timers,
      },
    );
  }

  /** Updates now (first time, back in view, a call here ended); resolves when that update is over. */
  now(): Promise<void> {
    return this.poller.now();
  }

  stop(): void {
    this.poller.stop();
  }

  private async update(): Promise<void> {
    const answer = await fetchTeam(this.transport, this.etag);
    const recovered = this.failing;
    this.failing = false;
    if (recovered) for (const records of ['voicemail', 'history'] as const) this.events.changed(records);
    if (answer === 'unchanged') return;
    const { state } = answer;
    this.etag = answer.etag || undefined;
    const before = this.tags;
    this.tags = state.changes;
    // Without tags (no store) every update fetches both; the first picture only notes them.
    if (!recovered) for (const records of ['voicemail', 'history'] as const) if (!state.changes || (before && before[records] !== state.changes[records])) this.events.changed(records);
    this.events.picture(state);
  }
}

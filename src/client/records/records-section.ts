/**
 * What the two data sections (Voicemail, Call history) share: the section shown while signed in,
 * its status line, a Poller (run when the team's tags say the section changed) whose failures show in that line with the time of the next try (a
 * server's Retry-After honoured), and a list drawn again whole when the language changes.
 */
import { byId } from '../page/dom';
import { Poller } from './poller';
import type { RecordsHost } from './records-host';
import { sectionStatus, type SectionStatus } from './section-status';
import { RecordsError } from '../api/team-records';

export abstract class RecordsSection {
  protected readonly status: SectionStatus;
  protected readonly poller: Poller;
  protected readonly list: HTMLElement;

  /** Shows the section `name` (its elements are `name`, `name-status`, `name-list`). */
  constructor(
    protected readonly host: RecordsHost,
    private readonly name: 'voicemail' | 'history',
  ) {
    this.status = sectionStatus(byId(`${name}-status`), host);
    this.list = byId(`${name}-list`);
    this.poller = new Poller(
      () => this.load(),
      { onRetry: (error, _attempt, delayMs) => this.status.retrying(error, delayMs) },
      {
        waitAfter: (error) => (error instanceof RecordsError ? error.retryAfterMs : 0),
      },
    );
    byId(name).hidden = false;
    this.status.loading();
  }

  /** Asks the server now (first load, the team's tag for it moved, a call just ended). */
  refresh(): Promise<void> {
    return this.poller.now();
  }

  /** The team's updates fail: says so, with when the next try is (what is shown stays). */
  retrying(error: unknown, delayMs: number): void {
    this.status.retrying(error, delayMs);
  }

  /** Draws everything again (the language changed, or another tab changed what is shown). */
  redraw(): void {
    this.list.replaceChildren();
    this.render();
  }

  /** Signed out: no more polling, nothing left on screen. */
  stop(): void {
    this.poller.stop();
    this.list.replaceChildren();
    byId(this.name).hidden = true;
  }

  /** Fetches the section's records and draws them. */
  protected abstract load(): Promise<void>;

  /** Draws the records held. */
  protected abstract render(): void;
}

/**
 * The Poller of a data section (Voicemail, Call history): each failure is shown in the section's
 * status line with the time of the next try, and a server's Retry-After is honoured.
 */
import { Poller } from './poller';
import type { SectionStatus } from './section-status';
import { RecordsError } from './team-records';

/** Polls `load` every `intervalMs`, reporting failures in `status`. */
export function sectionPoller(load: () => Promise<void>, status: SectionStatus, intervalMs: number): Poller {
  return new Poller(load, { onRetry: (error, _attempt, delayMs) => status.retrying(error, delayMs) }, {
    intervalMs,
    waitAfter: (error) => (error instanceof RecordsError ? error.retryAfterMs : 0),
  });
}

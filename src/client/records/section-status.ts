/**
 * The one-line status of a data section (loading, empty, "cannot load, retrying in 4 s"): a
 * polite live region whose text changes only when the state does, so polling stays silent.
 */
import { explain } from '../page/errors';
import type { RecordsHost } from './records-host';

export interface SectionStatus {
  loading(): void;
  /** Loaded: shows `text` (e.g. "No messages."), or nothing. */
  ok(text: string): void;
  /** A load failed; the next try is in `delayMs`. */
  retrying(error: unknown, delayMs: number): void;
  /** Something the person asked for failed and is not retried by itself (e.g. Load more). */
  failed(error: unknown): void;
}

export function sectionStatus(element: HTMLElement, host: Pick<RecordsHost, 't' | 'language'>): SectionStatus {
  const show = (text: string, failing: boolean) => {
    if (element.textContent !== text) element.textContent = text;
    element.hidden = !text;
    element.classList.toggle('failing', failing);
  };
  return {
    loading: () => show(host.t('records.loading'), false),
    ok: (text) => show(text, false),
    retrying(error, delayMs) {
      const { code, title } = explain(error, host.language());
      show(host.t('records.unavailable', { reason: title, code, seconds: Math.round(delayMs / 1000) }), true);
    },
    failed(error) {
      const { code, title } = explain(error, host.language());
      show(host.t('records.failed', { reason: title, code }), true);
    },
  };
}

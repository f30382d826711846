/** The page's two ways of telling people things: an alert box for problems, a live region for call state. */
import type { ErrorCode } from '../../lib/contract/errors';
import { byId } from './dom';
import { explain } from './errors';
import { translate, type Language } from './i18n';

/** The alert box and the live region. */
export class Notices {
  private readonly box = byId('notice');
  private shownCode: string | undefined;

  constructor(private readonly language: () => Language) {
    byId('notice-dismiss').addEventListener('click', () => this.clear());
  }

  /** Shows an error in plain words with its code and what to do (`detail` goes first, e.g. a retry). */
  error(error: unknown, detail = ''): void {
    const { code, title, action } = explain(error, this.language());
    this.show(title, translate(this.language(), 'error.code', { code }), detail ? `${detail} ${action}` : action);
    this.shownCode = code;
  }

  /** Hides the box; with `codes`, only when it shows one of them. */
  clear(codes?: readonly ErrorCode[]): void {
    if (codes && !codes.some((code) => String(code) === this.shownCode)) return;
    this.box.hidden = true;
    this.shownCode = undefined;
  }

  /** Says `text` to screen readers through the polite live region. */
  announce(text: string): void {
    const live = byId('live');
    // Re-setting identical text is not announced; clearing first makes repeats audible.
    live.textContent = '';
    requestAnimationFrame(() => (live.textContent = text));
  }

  private show(title: string, code: string, action: string): void {
    byId('notice-title').textContent = title;
    byId('notice-code').textContent = `(${code})`;
    byId('notice-action').textContent = action;
    this.box.hidden = false;
  }
}

/**
 * An accessible "are you sure?" in the page's own `<dialog>` (modal: focus stays inside, Escape
 * cancels, the browser gives focus back on close) instead of window.confirm, which cannot be
 * translated or styled and blocks the page's timers.
 */
import { byId } from './dom';

/** Asks `question` in #confirm-dialog; resolves true when the person confirms. */
export function confirmAction(question: string, confirmText: string, cancelText: string): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm-dialog');
  byId('confirm-text').textContent = question;
  byId('confirm-ok').textContent = confirmText;
  byId('confirm-cancel').textContent = cancelText;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    // The safe choice has the focus, so a stray Enter does not delete anything.
    byId('confirm-cancel').focus();
  });
}

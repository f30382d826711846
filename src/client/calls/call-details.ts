/**
 * The details a call came with (src/lib/contract/call-parameters.ts: the caller, who handed the
 * call on, the menu choice), as the rows of a description list: on the ringing banner, and in the
 * call panel for as long as the call lasts.
 */
import { EVERYONE, type IncomingCallParameter } from '../../lib/contract/call-parameters';
import { make } from '../page/dom';
import type { MessageKey, Translate } from '../page/i18n';

/** How each detail is labelled; the menu's key and group share one row. Others show by name. */
const LABELS: Record<Exclude<IncomingCallParameter, 'menuKey' | 'ringGroup'>, MessageKey> = {
  callerNumber: 'incoming.callerNumber',
  callerName: 'incoming.callerName',
  callerLocation: 'incoming.callerLocation',
  transferredBy: 'incoming.transferredBy',
  consultedBy: 'incoming.consultedBy',
};

export interface DetailWords {
  t: Translate;
  /** A phone number or teammate as the page shows it. */
  name: (peer: string) => string;
  /** The teammate who consulted this leg left the call: they transferred it. */
  consulterLeft?: boolean;
}

/** A routing.json group as people read it: `sales` → Sales, `after_hours` → After hours. */
function groupName(group: string, t: Translate): string {
  if (group === EVERYONE) return t('incoming.everyone');
  const words = group.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Label and value of each detail, in the order the call gave them. */
export function detailRows(details: ReadonlyMap<string, string>, { t, name, consulterLeft = false }: DetailWords): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, value] of details) {
    if (key === 'menuKey') continue;
    if (key === 'ringGroup') {
      const menuKey = details.get('menuKey');
      rows.push([t('incoming.menu'), menuKey ? `${menuKey} · ${groupName(value, t)}` : groupName(value, t)]);
    } else if (key === 'consultedBy' && consulterLeft) rows.push([t('incoming.transferredBy'), value]);
    else if (key === 'callerNumber') rows.push([t(LABELS.callerNumber), name(value)]);
    else rows.push([Object.hasOwn(LABELS, key) ? t(LABELS[key as keyof typeof LABELS]) : key, value]);
  }
  return rows;
}

/** Fills a `<dl>` with the rows. */
export function renderDetails(list: HTMLElement, rows: readonly [string, string][]): void {
  list.replaceChildren(...rows.flatMap(([label, value]) => [make('dt', label), make('dd', value)]));
}

/** Recent calls as a list of call-back buttons, newest first. */
import { byId, clock, dateTimeFormat, make, namedAround, PLACEHOLDER } from '../page/dom';
import type { Language, Translate } from '../page/i18n';
import type { RecentCall } from './recent-calls';

/** Renders the log as call-back buttons, each peer as `name` shows it; `callBack` dials the peer clicked. */
export function renderRecent(calls: readonly RecentCall[], language: Language, t: Translate, name: (peer: string) => string, callBack: (peer: string) => void): void {
  const list = byId('recent-list');
  list.replaceChildren();
  byId('recent-empty').hidden = calls.length > 0;
  byId('recent-clear').hidden = calls.length === 0;
  const when = dateTimeFormat(language);
  for (const call of calls) {
    const item = make('li', '', call.outcome);
    const button = make('button');
    button.type = 'button';
    const outcome = t(`recent.${call.outcome}`);
    const talked = call.seconds ? ` · ${clock(call.seconds)}` : '';
    button.append(
      ...namedAround(t('recent.callBack', { peer: PLACEHOLDER }), name(call.peer)),
      make('span', `${t(call.direction === 'in' ? 'recent.in' : 'recent.out')}, ${outcome}${talked} · ${when.format(call.at)}`, 'meta'),
    );
    button.addEventListener('click', () => callBack(call.peer));
    list.append(item);
    item.append(button);
  }
}

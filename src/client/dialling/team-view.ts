/** The team directory: one button per teammate, calling them in one click. */
import { byId, make, namedAround, PLACEHOLDER } from '../page/dom';
import type { Translate } from '../page/i18n';

/** Renders one call button per teammate (not `self`) and the team's number. */
export function renderTeam(team: readonly string[], self: string, teamNumber: string, t: Translate, call: (identity: string) => void): void {
  const list = byId('team-list');
  const names = byId('team-names');
  list.replaceChildren();
  names.replaceChildren();
  for (const identity of team) {
    const option = make('option');
    option.value = identity;
    names.append(option);
    if (identity === self) continue;
    const button = make('button');
    button.type = 'button';
    button.append(...namedAround(t('team.call', { name: PLACEHOLDER }), identity));
    button.addEventListener('click', () => call(identity));
    const item = make('li');
    item.append(button);
    list.append(item);
  }
  byId('team-number').textContent = teamNumber ? t('team.number', { number: teamNumber }) : '';
}

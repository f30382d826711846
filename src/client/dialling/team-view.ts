/** The team directory: one button per teammate, calling them in one click, with where they are. */
import type { TeammatePresence } from '../../lib/contract/team';
import { byId, make, namedAround, PLACEHOLDER } from '../page/dom';
import type { Translate } from '../page/i18n';

/** The words of each presence but a call (the line's own words: ready, offline, do not disturb). */
const WORDS = { available: 'presence.registered', offline: 'presence.offline', dnd: 'presence.do-not-disturb' } as const;

/** Where a teammate is, in words: ready, offline, do not disturb, or on a call (with whom, how long) at `now`. */
export function presenceText(person: TeammatePresence, t: Translate, now: number): string {
  if (person.presence !== 'on-call') return t(WORDS[person.presence]);
  const minutes = Math.max(0, Math.floor((now - Date.parse(person.since ?? '')) / 60_000)) || 0;
  return t('team.onCall', { peer: person.with ? `(${person.with}) ` : '', minutes });
}

/**
 * Renders one call button per teammate (not `self`), each with their presence once the team's
 * picture came (`presence`), and the team's number.
 */
export function renderTeam(team: readonly string[], self: string, teamNumber: string, t: Translate, call: (identity: string) => void, presence?: readonly TeammatePresence[]): void {
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
    const person = presence?.find((p) => p.identity === identity);
    if (person) {
      item.dataset.presence = person.presence;
      item.append(make('div', presenceText(person, t, Date.now()), 'meta'));
    }
    list.append(item);
  }
  byId('team-number').textContent = teamNumber ? t('team.number', { number: teamNumber }) : '';
}

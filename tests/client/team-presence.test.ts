/** Presence on the page: the Team list's words for each teammate, and whom the transfer chooser offers. */
import { presenceText } from '../../src/client/dialling/team-view';
import { transferChoices } from '../../src/client/dialling/transfer-choices';
import { translate } from '../../src/client/page/i18n';
import type { TeamState } from '../../src/lib/contract/team';

const picture: TeamState = {
  identity: 'alice',
  dnd: false,
  team: [
    { identity: 'alice', presence: 'available' },
    { identity: 'bob', presence: 'on-call', since: '2026-07-01T09:00:00.000Z', with: '+14155550123' },
    { identity: 'carol', presence: 'offline' },
    { identity: 'dave', presence: 'dnd' },
    { identity: 'erin', presence: 'available' },
  ],
};
const TEAM = ['alice', 'bob', 'carol', 'dave', 'erin'];

test('the chooser offers neither oneself nor who is offline or on do-not-disturb, and marks who is on a call', () => {
  expect(transferChoices(TEAM, 'alice', picture)).toEqual([
    { identity: 'bob', busy: true },
    { identity: 'erin', busy: false },
  ]);
});

test('before the first picture it offers everyone but oneself', () => {
  expect(transferChoices(TEAM, 'alice', undefined).map((choice) => choice.identity)).toEqual(['bob', 'carol', 'dave', 'erin']);
});

test('the Team list says where each teammate is, with whom and how long on a call, in English and Japanese', () => {
  const at = Date.parse('2026-07-01T09:03:30Z');
  const en = (key: Parameters<typeof translate>[1], values?: Parameters<typeof translate>[2]) => translate('en', key, values);
  const ja = (key: Parameters<typeof translate>[1], values?: Parameters<typeof translate>[2]) => translate('ja', key, values);
  expect(picture.team.map((person) => presenceText(person, en, at))).toEqual(['Ready for calls', 'On a call (+14155550123) · 3 min', 'Offline', 'Do not disturb', 'Ready for calls']);
  expect(presenceText(picture.team[1], ja, at)).toBe('通話中 (+14155550123) · 3 分');
  expect(presenceText({ identity: 'bob', presence: 'on-call', since: '2026-07-01T09:00:00.000Z' }, en, at)).toBe('On a call · 3 min');
});

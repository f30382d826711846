import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRouting, DEFAULT_CLOSED_MESSAGE, parseRouting } from '../../../src/lib/routing/file';
import { ROOT } from '../../../build/build';
import type { Reply } from '../../support/reply';

const TEAM = new Set(['alice', 'bob', 'carol']);
const example = () => JSON.parse(readFileSync(join(ROOT, 'routing.example.json'), 'utf8'));

/** The problems of `raw` as "field: message" lines. */
const problemsOf = (raw: unknown, team?: ReadonlySet<string>) => checkRouting(raw, team).problems.map((p) => `${p.field}: ${p.message}`);

describe('routing.json', () => {
  it('reads the example of the README and routing.example.json', () => {
    const { routing, problems } = checkRouting(example(), TEAM);
    expect(problems).toEqual([]);
    expect(routing!.timeZone).toBe('America/New_York');
    expect([...routing!.groups]).toEqual([
      ['sales', ['alice', 'bob']],
      ['support', ['carol']],
    ]);
    // (JSON objects keep integer-like keys in ascending order.)
    expect([...routing!.menu!.options]).toEqual([
      ['0', 'everyone'],
      ['1', 'sales'],
      ['2', 'support'],
      ['9', 'voicemail'],
    ]);
    expect(routing!.hours).toEqual({
      mon: { open: 540, close: 1020 },
      tue: { open: 540, close: 1020 },
      wed: { open: 540, close: 1020 },
      thu: { open: 540, close: 1020 },
      fri: { open: 540, close: 960 },
    });
    expect([...routing!.holidays]).toEqual(['2026-12-25', '2027-01-01']);
  });

  it('needs nothing: an empty file routes as before, always open, closed message by default', () => {
    const { routing } = checkRouting({});
    expect(routing).toMatchObject({ timeZone: 'UTC', menu: undefined, hours: undefined, closedMessage: DEFAULT_CLOSED_MESSAGE });
  });

  it.each<[string, (raw: Reply) => void, string, RegExp]>([
    ['an unknown teammate', (r) => r.groups.sales.push('dave'), 'groups.sales[2]', /"dave" is not on TEAM; add them with `npm run team -- add dave`/],
    ['a teammate twice', (r) => r.groups.sales.push('alice'), 'groups.sales[2]', /listed twice/],
    ['a group called everyone', (r) => (r.groups.everyone = ['alice']), 'groups.everyone', /reserved/],
    ['a group called Voicemail', (r) => (r.groups.Voicemail = ['alice']), 'groups.Voicemail', /reserved/],
    ['an empty group', (r) => (r.groups.support = []), 'groups.support', /at least one teammate/],
    ['a group name with a space', (r) => (r.groups['tier 2'] = ['bob']), 'groups.tier 2', /lowercase letters, digits or _/],
    ['a menu key that is not a digit', (r) => (r.menu.options['*'] = 'sales'), 'menu.options.*', /not a keypad digit/],
    ['a two-digit menu key', (r) => (r.menu.options['10'] = 'sales'), 'menu.options.10', /not a keypad digit/],
    ['a menu option pointing nowhere', (r) => (r.menu.options['3'] = 'billing'), 'menu.options.3', /"billing" points nowhere; use a group of "groups" \(sales, support\)/],
    ['a menu without prompt', (r) => delete r.menu.prompt, 'menu.prompt', /sentence/],
    ['a menu without options', (r) => (r.menu.options = {}), 'menu.options', /keypad digits/],
    ['an unknown setting', (r) => (r.openingHours = {}), 'openingHours', /not a routing setting/],
    ['hours without minutes', (r) => (r.hours.mon = '9-17'), 'hours.mon', /HH:MM-HH:MM/],
    ['hours at 25 o’clock', (r) => (r.hours.tue = '09:00-25:00'), 'hours.tue', /HH:MM-HH:MM/],
    ['hours that close before they open', (r) => (r.hours.wed = '17:00-09:00'), 'hours.wed', /closes before it opens/],
    ['a weekday spelt out', (r) => (r.hours.monday = '09:00-17:00'), 'hours.monday', /not a weekday; use sun, mon/],
    ['a time zone that is not IANA', (r) => (r.timeZone = 'EST5EDT-ish'), 'timeZone', /IANA time zone/],
    ['hours without a time zone', (r) => delete r.timeZone, 'timeZone', /needed with hours/],
    ['a holiday that does not exist', (r) => r.holidays.push('2026-02-30'), 'holidays[2]', /YYYY-MM-DD/],
    ['a holiday written the US way', (r) => r.holidays.push('12/25/2026'), 'holidays[2]', /YYYY-MM-DD/],
    ['an empty closed message', (r) => (r.closedMessage = ' '), 'closedMessage', /sentence/],
  ])('names the field and the fix for %s', (_, breakIt, field, message) => {
    const raw = example();
    breakIt(raw);
    const problems = checkRouting(raw, TEAM).problems;
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].message).toMatch(message);
    expect(problems[0].message.startsWith(`routing.json ${field}: `)).toBe(true);
  });

  it('checks teammates only when it knows TEAM (the Functions skip members who left instead)', () => {
    const raw = example();
    raw.groups.sales.push('dave');
    expect(problemsOf(raw, undefined)).toEqual([]);
    expect(problemsOf(raw, TEAM)).toHaveLength(1);
  });

  it('reports every problem at once, and JSON syntax errors as a problem', () => {
    expect(problemsOf({ groups: { everyone: [] }, hours: { mon: 'x' }, menu: { prompt: 'Hi', options: { x: 'y' } } })).toHaveLength(4);
    expect(problemsOf([])).toEqual([expect.stringMatching(/^\(top level\): .*must be a JSON object/)]);
    const parsed = parseRouting('{"menu": ', TEAM);
    expect(parsed.routing).toBeUndefined();
    expect(parsed.problems[0].message).toMatch(/^routing\.json \(file\): is not valid JSON/);
  });
});

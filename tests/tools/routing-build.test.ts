/** The build's side of routing.json: a broken file stops it with named problems; a good one becomes a private asset and step Functions. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPasscode } from '../../src/lib/config/passcodes';
import { ROOT } from '../../build/build';
import { readRoutingFile, RoutingFileError, teamOf, writeRouting } from '../../build/routing-build';
import { demoRoutingNote } from '../../tools/start';

const folder = () => mkdtempSync(join(tmpdir(), 'switchboard-routing-'));

test('no routing.json: nothing to check, and only the waves of everyone are written', async () => {
  const root = folder();
  expect(readRoutingFile(root)).toBeUndefined();
  await writeRouting(ROOT, undefined, join(root, 'functions'), join(root, 'assets'));
  expect(readdirSync(join(root, 'functions', 'routing')).sort()).toEqual(['ring-everyone-2.protected.js', 'ring-everyone-3.protected.js', 'ring-everyone-4.protected.js']);
  expect(existsSync(join(root, 'assets'))).toBe(false);
});

test('a broken routing.json stops the build with every problem named, teammates checked against TEAM from .env', async () => {
  const root = folder();
  writeFileSync(join(root, 'routing.json'), JSON.stringify({ groups: { sales: ['alice', 'zed'] }, menu: { prompt: 'Press 1.', options: { '1': 'sales', '#': 'sales' } } }));
  const hash = await hashPasscode('correct horse battery');
  const team = teamOf({ TEAM: `alice:${hash}`, TEAM_2: `bob:${hash}` });
  expect(team).toEqual(new Set(['alice', 'bob']));
  let error: unknown;
  try {
    readRoutingFile(root, team);
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(RoutingFileError);
  expect((error as Error).message).toBe(
    [
      'routing.json has 2 problems:',
      '  routing.json groups.sales[1]: "zed" is not on TEAM; add them with `npm run team -- add zed` or remove them from the group',
      '  routing.json menu.options.#: "#" is not a keypad digit; use one digit 0–9',
    ].join('\n'),
  );
});

test('a good routing.json becomes routing.private.json and the step Functions its menu and groups need', async () => {
  const root = folder();
  const text = JSON.stringify({ groups: { big: Array.from({ length: 12 }, (_, i) => `m${i}`) }, menu: { prompt: 'Press 1.', options: { '1': 'big' } } });
  writeFileSync(join(root, 'routing.json'), text);
  await writeRouting(ROOT, readRoutingFile(root), join(root, 'functions'), join(root, 'assets'));
  expect(readFileSync(join(root, 'assets', 'routing.private.json'), 'utf8')).toBe(text);
  expect(readdirSync(join(root, 'functions', 'routing')).sort()).toEqual(
    ['menu-1', 'menu-2', 'menu-3', 'ring-big-2', 'ring-everyone-2', 'ring-everyone-3', 'ring-everyone-4'].map((name) => `${name}.protected.js`),
  );
  // Each step is a complete Function (the bundle exports a handler).
  expect(readFileSync(join(root, 'functions', 'routing', 'menu-1.protected.js'), 'utf8')).toMatch(/handler/);
});

test('npm start’s demo says what routing.json does, and which of its names the demo team lacks', () => {
  const root = folder();
  expect(demoRoutingNote(root, ['alice', 'bob', 'carol'])).toBeUndefined();
  writeFileSync(
    join(root, 'routing.json'),
    JSON.stringify({ timeZone: 'Europe/London', groups: { sales: ['alice', 'dave'] }, menu: { prompt: 'Press 1.', options: { '1': 'sales' } }, hours: { mon: '09:00-17:00' } }),
  );
  expect(demoRoutingNote(root, ['alice', 'bob', 'carol'])).toBe('  Call routing: routing.json (1 group(s), a menu of 1 key(s), hours in Europe/London); not on the demo team, so never rung: dave');
});

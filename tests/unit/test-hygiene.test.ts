/** Rules every test file keeps, checked over the source of tests/ itself. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const TESTS = join(__dirname, '..');
const sources = readdirSync(TESTS, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

test('the test tree is read', () => {
  expect(sources.length).toBeGreaterThan(30);
});

test('every fast-check property runs through checkProperty, which prints its seed pass or fail', () => {
  const direct = sources.filter((file) => file !== join('support', 'property.ts') && /\bfc\s*\.\s*(assert|check)\s*\(/.test(readFileSync(join(TESTS, file), 'utf8')));
  expect(direct.map((file) => relative(TESTS, join(TESTS, file)))).toEqual([]);
});

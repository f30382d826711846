/**
 * The dialling policy against numbers whose nature the numbering plans make public (the table in
 * tests/support/numbering-plan.ts), not against a copy of its own rules: every row is decided,
 * the wrong verdicts are collected, and all of them are listed at once.
 */
import { decideDial } from '../../src/lib/numbers/full-metadata';
import { KNOWN_NUMBERS, nanpRefusal } from '../support/numbering-plan';

test('decideDial gives every number of known nature its verdict', () => {
  const wrong = KNOWN_NUMBERS.flatMap(({ input, countries, verdict, why }) => {
    const decision = decideDial(input, countries, countries[0]);
    const got = decision.ok ? 'allow' : decision.reason;
    return got === verdict ? [] : [`${input} (${why}) with ALLOWED_COUNTRIES=${countries.join(',')}: ${got}, expected ${verdict}`];
  });
  console.log(`dialling policy: ${KNOWN_NUMBERS.length - wrong.length}/${KNOWN_NUMBERS.length} known numbers decided as the numbering plans say`);
  expect(wrong).toEqual([]);
});

test('the NANP oracle the fuzz checks dialled numbers with agrees with the table', () => {
  const nanp = KNOWN_NUMBERS.filter(({ input, countries }) => /^\+1\d{10}$/.test(input) && countries.includes('US'));
  const wrong = nanp.filter(({ input, verdict }) => (nanpRefusal(input) === undefined) !== (verdict === 'allow')).map(({ input, why }) => `${input} (${why}): ${nanpRefusal(input) ?? 'allowed'}`);
  expect(nanp.length).toBeGreaterThan(30);
  expect(wrong).toEqual([]);
});

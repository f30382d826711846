/**
 * Every code of the error table has words in both of the page's languages, and the page finds
 * them whichever way a code reaches it (a number from the Voice SDK, a string from our Functions).
 */
import { ERRORS, type ErrorCode } from '../../src/lib/contract/errors';
import { JA_ERRORS } from '../../src/client/page/error-words-ja';
import { explain, loadErrorWords, PageError } from '../../src/client/page/errors';

const CODES = Object.keys(ERRORS) as unknown as ErrorCode[];
/** Hiragana, katakana or kanji: text a Japanese reader reads as Japanese. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

test('the table has codes of Twilio and of Switchboard', () => {
  expect(CODES.length).toBeGreaterThan(40);
  expect(CODES).toEqual(expect.arrayContaining(['31005', 'SB_AUTH', 'SB_STALE_DEPLOY']));
});

test.each(CODES)('%s is worded in English and in Japanese', (code) => {
  const en = ERRORS[code];
  const ja = JA_ERRORS[code];
  for (const words of [en.title, en.action, ja?.title, ja?.action]) expect(words).toMatch(/\S/);
  expect(ja.title).toMatch(JAPANESE);
  expect(ja.action).toMatch(JAPANESE);
  expect(ja.title).not.toBe(en.title);
});

test.each(CODES)('the page explains %s in the language it shows, once that language’s words are loaded', async (code) => {
  await loadErrorWords('ja', () => Promise.resolve({ JA_ERRORS }));
  const numeric = /^\d+$/.test(String(code));
  const raised = numeric ? { code: Number(code), description: 'the SDK’s own words' } : new PageError(code);
  expect(explain(raised, 'ja')).toEqual({ code: String(code), title: JA_ERRORS[code].title, action: JA_ERRORS[code].action });
  expect(explain(raised, 'en')).toEqual({ code: String(code), title: ERRORS[code].title, action: ERRORS[code].action });
});

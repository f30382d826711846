import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS } from '../../src/lib/contract/errors';
import { CALL_WORDS } from '../../src/client/calls/call-words';
import { JA_ERRORS } from '../../src/client/page/error-words-ja';
import { explain, loadErrorWords, PageError } from '../../src/client/page/errors';
import { addWords, CORE_WORDS, isMessageKey, LANGUAGES, pickLanguage, regionName, translate, type Words } from '../../src/client/page/i18n';
import { RECORDS_WORDS } from '../../src/client/records/records-words';

/** Every table of the page: the core one and the chunks' (which add theirs when they load, as here). */
const TABLES: Record<string, Words<string>> = { core: CORE_WORDS, calls: CALL_WORDS, records: RECORDS_WORDS };
beforeAll(() => {
  // No page here: a root without elements.
  const root = { querySelectorAll: () => [] } as unknown as ParentNode;
  addWords(CALL_WORDS, root, 'en');
  addWords(RECORDS_WORDS, root, 'en');
});

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the tables of words', () => {
  it.each(Object.entries(TABLES))('%s: every key has words in both languages, with the same placeholders', (_name, words) => {
    const keys = Object.keys(words.en).sort();
    for (const language of LANGUAGES) expect([language, Object.keys(words[language]).sort()]).toEqual([language, keys]);
    for (const key of keys) {
      const [en, ja] = [words.en[key], words.ja[key]];
      // Only a state with nothing to add says nothing, in both languages.
      expect([key, ja.trim() === '']).toEqual([key, en.trim() === '']);
      expect([key, placeholders(ja)]).toEqual([key, placeholders(en)]);
    }
  });

  it('names each key once, in one table', () => {
    const all = Object.values(TABLES).flatMap((words) => Object.keys(words.en));
    expect(all.length).toBe(new Set(all).size);
  });

  it('has words for every key the page`s HTML names (data-i18n, data-i18n-label)', () => {
    const html = readFileSync(join(__dirname, '..', '..', 'assets', 'index.html'), 'utf8');
    const keys = [...html.matchAll(/data-i18n(?:-label)?="([^"]+)"/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((key) => !isMessageKey(key))).toEqual([]);
  });
});

describe('language', () => {
  it('follows the browser preference list and falls back to English', () => {
    expect(pickLanguage(['ja-JP', 'en-US'])).toBe('ja');
    expect(pickLanguage(['fr-FR', 'ja'])).toBe('ja');
    expect(pickLanguage(['de-DE', 'fr'])).toBe('en');
    expect(pickLanguage(['', 'en-GB'])).toBe('en');
  });

  it('fills placeholders in both languages', () => {
    expect(translate('en', 'team.call', { name: 'bob' })).toBe('Call bob');
    expect(translate('ja', 'team.call', { name: 'bob' })).toBe('bob に発信');
    expect(translate('en', 'refresh.retrying', { attempt: 2, seconds: 4 })).toBe('Attempt 2 failed; retrying in 4 s.');
  });

  it('has words for the SDK’s call-quality warnings and a fallback for others', () => {
    for (const name of [
      'high-rtt',
      'low-mos',
      'high-jitter',
      'high-packet-loss',
      'constant-audio-input-level',
      'constant-audio-output-level',
      'ice-connectivity-lost',
      'low-bytes-received',
      'low-bytes-sent',
    ]) {
      expect(isMessageKey(`warning.${name}`)).toBe(true);
    }
    expect(isMessageKey('warning.something-new')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });

  it('gives the required English accessible names', () => {
    const names = ['signIn.identity', 'signIn.passcode', 'signIn.button', 'dial.number', 'dial.call', 'call.hangup', 'incoming.accept', 'incoming.reject', 'call.mute'] as const;
    expect(names.map((key) => translate('en', key))).toEqual(['Identity', 'Passcode', 'Sign in', 'Number or teammate', 'Call', 'Hang up', 'Accept', 'Reject', 'Mute']);
  });

  it('names countries in the page language, and nothing for a code that is none', () => {
    expect(regionName('JP', 'en')).toBe('Japan');
    expect(regionName('JP', 'ja')).toBe('日本');
    expect(regionName(undefined, 'en')).toBeUndefined();
    expect(regionName('not a region', 'en')).toBeUndefined();
  });
});

describe('explain', () => {
  it('uses the table, in the page language', () => {
    expect(explain({ code: 31401 }, 'en')).toEqual({ code: '31401', ...ERRORS[31401] });
  });

  it('words errors in Japanese once those words are loaded, in English until then', async () => {
    expect(explain(new PageError('SB_AUTH'), 'ja').title).toBe(ERRORS.SB_AUTH.title);
    await loadErrorWords('ja', () => Promise.resolve({ JA_ERRORS }));
    expect(explain(new PageError('SB_AUTH'), 'ja').title).toBe('ユーザー名またはパスコードが違います');
  });

  it('keeps the SDK’s words for a code the table does not know', () => {
    const error = { code: 31486, description: 'Busy Here', explanation: 'Callee is busy.' };
    expect(explain(error, 'en')).toEqual({ code: '31486', title: 'Busy Here', action: 'Callee is busy.' });
    expect(explain(new Error('boom'), 'en')).toMatchObject({ code: '31000', title: 'boom' });
  });
});

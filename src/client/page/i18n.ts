/**
 * The page's words in English and Japanese. Language comes from `navigator.languages` and can be
 * switched on the page; the choice is remembered. Elements carry `data-i18n` (text) and
 * `data-i18n-label` (aria-label) keys, so switching rewrites the page in place.
 *
 * Words come in tables of both languages, each typed so that a key missing in one language does
 * not compile: this file's core table (everything shown before the line is registered), and the
 * tables of the chunks loaded after it (calls/call-words.ts, records/records-words.ts), which add
 * theirs when they load.
 */
import type { CallKey } from '../calls/call-words';
import type { RecordsKey } from '../records/records-words';

/** The page's languages. */
export type Language = 'en' | 'ja';
export const LANGUAGES: readonly Language[] = ['en', 'ja'];

/** One table of words: the same keys in every language. */
export type Words<K extends string> = { readonly [L in Language]: Readonly<Record<K, string>> };

const EN = {
  'lang.label': 'Language',
  'status.label': 'Status',
  'signIn.heading': 'Sign in',
  'signIn.identity': 'Identity',
  'signIn.passcode': 'Passcode',
  'signIn.button': 'Sign in',
  'signIn.busy': 'Signing in…',
  'signIn.hint': 'The page forgets your passcode once you are signed in; closing the tab signs you out.',
  signOut: 'Sign out',
  'signOut.everywhere': 'Sign out everywhere',
  'signOut.everywhereConfirm': 'Sign out of Switchboard in every browser, this one included? Each will ask for your passcode.',
  'signOut.cancel': 'Cancel',
  'signIn.retryAt': 'Try again at {time}.',
  signedInAs: 'Signed in as {identity}',
  'presence.offline': 'Offline',
  'presence.connecting': 'Connecting…',
  'presence.registered': 'Ready for calls',
  'presence.reconnecting': 'Reconnecting…',
  'presence.do-not-disturb': 'Do not disturb',
  'dnd.toggle': 'Do not disturb',
  'dnd.banner': 'Do not disturb is on, in all your browsers: nobody rings you (team calls ring the others or go to voicemail). You can still place calls.',
  'dial.heading': 'Dial',
  'dial.number': 'Number or teammate',
  'dial.call': 'Call',
  'dial.backspace': 'Delete last character',
  'dial.keypad': 'Keypad',
  'team.heading': 'Team',
  'team.call': 'Call {name}',
  'team.you': 'you',
  'team.number': 'Team number: {number}',
  'team.onCall': 'On a call {peer}· {minutes} min',
  'audio.heading': 'Audio',
  'audio.microphone': 'Microphone',
  'audio.speaker': 'Speaker',
  'audio.ringtone': 'Ringtone',
  'audio.micLevel': 'Microphone level',
  'audio.speakerLevel': 'Speaker level',
  'audio.default': 'System default',
  'refresh.retrying': 'Attempt {attempt} failed; retrying in {seconds} s.',
  'error.code': 'Error {code}',
  'error.dismiss': 'Dismiss',
} as const;

/** A key of the core table. */
export type CoreKey = keyof typeof EN;

const JA: Record<CoreKey, string> = {
  'lang.label': '言語',
  'status.label': '状態',
  'signIn.heading': 'サインイン',
  'signIn.identity': 'ユーザー名',
  'signIn.passcode': 'パスコード',
  'signIn.button': 'サインイン',
  'signIn.busy': 'サインイン中…',
  'signIn.hint': 'サインインするとページはパスコードを保持しません。タブを閉じるとサインアウトします。',
  signOut: 'サインアウト',
  'signOut.everywhere': 'すべての場所でサインアウト',
  'signOut.everywhereConfirm': 'このブラウザーを含むすべてのブラウザーで Switchboard からサインアウトしますか？どのブラウザーでもパスコードの入力が必要になります。',
  'signOut.cancel': 'キャンセル',
  'signIn.retryAt': '{time} 以降にもう一度お試しください。',
  signedInAs: '{identity} としてサインイン中',
  'presence.offline': 'オフライン',
  'presence.connecting': '接続中…',
  'presence.registered': '着信可能',
  'presence.reconnecting': '再接続中…',
  'presence.do-not-disturb': '応答不可',
  'dnd.toggle': '応答不可',
  'dnd.banner': '応答不可がオン（すべてのブラウザー）: あなたには着信しません（チームへの電話はほかのメンバーか留守番電話へ）。発信はできます。',
  'dial.heading': 'ダイヤル',
  'dial.number': '電話番号またはメンバー',
  'dial.call': '発信',
  'dial.backspace': '1文字削除',
  'dial.keypad': 'キーパッド',
  'team.heading': 'チーム',
  'team.call': '{name} に発信',
  'team.you': 'あなた',
  'team.number': 'チームの番号: {number}',
  'team.onCall': '通話中 {peer}· {minutes} 分',
  'audio.heading': 'オーディオ',
  'audio.microphone': 'マイク',
  'audio.speaker': 'スピーカー',
  'audio.ringtone': '着信音',
  'audio.micLevel': 'マイクの音量',
  'audio.speakerLevel': 'スピーカーの音量',
  'audio.default': 'システムの既定',
  'refresh.retrying': '{attempt} 回目の更新に失敗しました。{seconds} 秒後に再試行します。',
  'error.code': 'エラー {code}',
  'error.dismiss': '閉じる',
};

/** The core table: the sign-in form, the header, the Dial, Team and Audio cards. */
export const CORE_WORDS: Words<CoreKey> = { en: EN, ja: JA };

/** The name of one message of the page, of any table. */
export type MessageKey = CoreKey | CallKey | RecordsKey;
/** `translate` bound to the page's current language. */
export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** The words of the tables loaded so far, by language. */
const loaded: Record<Language, Record<string, string>> = { en: { ...EN }, ja: { ...JA } };

/** Adds a chunk's table when it loads, and words the page's elements that name its keys in `language`. */
export function addWords(words: Words<string>, root: ParentNode, language: Language): void {
  for (const tongue of LANGUAGES) Object.assign(loaded[tongue], words[tongue]);
  applyLanguage(root, language, (key) => Object.hasOwn(words.en, key));
}

/** True for the name of a loaded message, e.g. `warning.<name>` of an SDK warning we have words for. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(loaded.en, key);
}

/** The first supported language in the browser's preference list, English otherwise. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

/** A message with `{name}` placeholders filled in (a key of a table not loaded yet stands for itself). */
export function translate(language: Language, key: MessageKey, values: Readonly<Record<string, string | number>> = {}): string {
  const text = Object.hasOwn(loaded[language], key) ? loaded[language][key] : key;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** A country's name (`JP`) in `language`, or undefined for a code the browser does not know. */
export function regionName(code: string | undefined, language: Language): string | undefined {
  if (!code) return undefined;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code);
  } catch {
    return undefined;
  }
}

/**
 * Rewrites the `data-i18n` / `data-i18n-label` elements under `root` (those whose key `only` picks)
 * in `language`. Elements of a chunk not loaded yet (hidden until then) keep their text until it
 * adds its words.
 */
export function applyLanguage(root: ParentNode, language: Language, only: (key: string) => boolean = isMessageKey): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n!;
    if (isMessageKey(key) && only(key)) element.textContent = translate(language, key);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const key = element.dataset.i18nLabel!;
    if (isMessageKey(key) && only(key)) element.setAttribute('aria-label', translate(language, key));
  }
}

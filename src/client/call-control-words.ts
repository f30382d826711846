/** The words of the hold and transfer controls, in every language the page has (i18n.ts). */
import type { Language } from './i18n';

const EN = {
  group: 'Hold and transfer',
  hold: 'Hold',
  resume: 'Resume',
  target: 'Transfer to (teammate or number)',
  transfer: 'Transfer',
  consult: 'Consult',
  complete: 'Complete transfer',
  cancel: 'Cancel transfer',
  merge: 'Merge',
  talking: '',
  held: 'On hold {time}',
  transferring: 'Transferring to {target}…',
  consulting: 'Consulting {target}; the caller is on hold {time}',
  consultRinging: 'Calling {target}; the caller is on hold {time}',
  merged: 'Everyone is talking',
  transferred: 'Transferred to {target}',
  back: 'The transfer was not answered; the caller is back with you',
  noTarget: 'Pick a teammate or type a number to transfer to.',
} as const;

export type ControlWord = keyof typeof EN;

const JA: Record<ControlWord, string> = {
  group: '保留と転送',
  hold: '保留',
  resume: '再開',
  target: '転送先（チームメンバーまたは番号）',
  transfer: '転送',
  consult: '相談',
  complete: '転送を完了',
  cancel: '転送をやめる',
  merge: '三者通話',
  talking: '',
  held: '保留中 {time}',
  transferring: '{target} に転送しています…',
  consulting: '{target} と相談中。通話相手は保留中です {time}',
  consultRinging: '{target} を呼び出し中。通話相手は保留中です {time}',
  merged: '全員で通話中',
  transferred: '{target} に転送しました',
  back: '転送先が応答しませんでした。通話相手はあなたに戻りました',
  noTarget: '転送先のチームメンバーを選ぶか、番号を入力してください。',
};

const WORDS: Record<Language, Record<ControlWord, string>> = { en: EN, ja: JA };

/** A control word with `{name}` placeholders filled in. */
export function controlWord(language: Language, word: ControlWord, values: Readonly<Record<string, string>> = {}): string {
  return WORDS[language][word].replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/**
 * The words of call recording, in English and Japanese: the call panel's indicator and controls,
 * and the recordings of the call history. They live here, in the chunks that load after the line
 * is registered, not in the page's own words (page/i18n.ts), which weigh on every first load.
 */
import type { Language } from '../page/i18n';

const EN = {
  group: 'Recording',
  recording: '● Recording',
  recordingBy: '● Recording (started by {name})',
  paused: 'Recording paused',
  start: 'Record',
  pause: 'Pause recording',
  resume: 'Resume recording',
  stop: 'Stop recording',
  started: 'This call is being recorded.',
  stopped: 'The recording stopped.',
  recordingOf: 'Recording {length}',
  byName: 'started by {name}',
  play: 'Play',
  pausePlay: 'Pause',
  playLabel: 'Play the recording of the call with {peer} ({length})',
  pauseLabel: 'Pause the recording of the call with {peer}',
  position: 'Position in the recording of the call with {peer}',
  delete: 'Delete',
  deleteLabel: 'Delete the recording of the call with {peer}',
  confirmDelete: 'Delete this recording for the whole team? It cannot be undone.',
  deleted: 'Recording deleted.',
  failed: 'The recording could not be played or deleted: {reason} ({code}).',
} as const;

export type RecordingWordKey = keyof typeof EN;

const JA: Record<RecordingWordKey, string> = {
  group: '録音',
  recording: '● 録音中',
  recordingBy: '● 録音中（{name} が開始）',
  paused: '録音を一時停止中',
  start: '録音',
  pause: '録音を一時停止',
  resume: '録音を再開',
  stop: '録音を停止',
  started: 'この通話は録音されています。',
  stopped: '録音を停止しました。',
  recordingOf: '録音 {length}',
  byName: '{name} が開始',
  play: '再生',
  pausePlay: '一時停止',
  playLabel: '{peer} との通話の録音を再生（{length}）',
  pauseLabel: '{peer} との通話の録音を一時停止',
  position: '{peer} との通話の録音の再生位置',
  delete: '削除',
  deleteLabel: '{peer} との通話の録音を削除',
  confirmDelete: 'この録音をチーム全員から削除しますか？元に戻せません。',
  deleted: '録音を削除しました。',
  failed: '録音を再生または削除できませんでした: {reason}（{code}）。',
};

/** A word of `language` with its `{name}` placeholders filled in. */
export function recordingWord(language: Language, key: RecordingWordKey, values: Readonly<Record<string, string>> = {}): string {
  return (language === 'ja' ? JA : EN)[key].replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

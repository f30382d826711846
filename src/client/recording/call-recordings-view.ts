/**
 * A call's recordings in the Call history: length and who started it, a player (play/pause,
 * seek) and Delete (asked first, for the whole team). The audio plays from a short-lived link
 * (/recording-link) that the `<audio>` element fetches by range itself, so a long recording starts
 * at once and seeks without the page downloading it whole; the player renews a link that lapses.
 */
import type { CallRecordingEntry, HistoryEntry } from '../../lib/contract/calls';
import { deleteCallRecording, recordingLink } from '../api/recordings';
import { RecordsError } from '../api/team-records';
import { confirmAction } from '../page/confirm-dialog';
import { button, clock, make } from '../page/dom';
import { explain } from '../page/errors';
import type { RecordsHost } from '../records/records-host';
import { RecordingPlayer, showPlayerTime } from '../voicemail/recording-player';
import { recordingWord, type RecordingWordKey } from './recording-words';

export class CallRecordingsView {
  private readonly audio = make('audio');
  private readonly player: RecordingPlayer;
  /** Each recording shown: its call's other party as the page names it, and its length. */
  private readonly shown = new Map<string, { peer: string; seconds: number }>();

  /** `list` holds the history's rows; `deleted` hears a recording deleted here. */
  constructor(
    private readonly host: RecordsHost,
    private readonly list: HTMLElement,
    private readonly deleted: (id: string) => void,
  ) {
    this.audio.hidden = true;
    list.after(this.audio);
    this.player = new RecordingPlayer(
      this.audio,
      async (id) => {
        const link = await recordingLink(host.transport, id);
        return { url: link.url, expires: Date.parse(link.expiresAt) };
      },
      {
        onState: (id, playing) => this.showPlaying(id, playing),
        onTime: (id, position, duration) => this.showTime(id, position, duration),
        onError: (_id, error) => this.failed(error),
      },
    );
  }

  /** The items of `entry`'s recordings, `peer` being the call's other party as the row names it. */
  items(entry: HistoryEntry, peer: string): HTMLElement[] {
    return (entry.recordings ?? []).map((recording) => this.item(recording, peer));
  }

  /** Sign-out: stop and free the audio. */
  stop(): void {
    this.player.stop();
    this.audio.remove();
  }

  private word(key: RecordingWordKey, values?: Record<string, string>): string {
    return recordingWord(this.host.language(), key, values);
  }

  private item(recording: CallRecordingEntry, peer: string): HTMLElement {
    const { id, seconds, by } = recording;
    this.shown.set(id, { peer, seconds });
    const length = clock(seconds);
    const item = make('div', '', 'call-recording-item');
    item.dataset.recording = id;
    // Who started it is known from the team's notes; a recording started on answer, or one made
    // without a Sync Service, names nobody.
    const about = make('p', by ? `${this.word('recordingOf', { length })} · ${this.word('byName', { name: by })}` : this.word('recordingOf', { length }), 'meta');
    const play = button(this.word('play'), 'quiet play', this.word('playLabel', { peer, length }));
    play.addEventListener('click', () => void this.player.toggle(id));
    const position = make('input', '', 'position');
    Object.assign(position, { type: 'range', min: '0', max: String(Math.max(1, seconds)), step: '0.1', value: '0' });
    position.setAttribute('aria-label', this.word('position', { peer }));
    position.addEventListener('input', () => void this.player.seek(id, Number(position.value)));
    const time = make('span', `0:00 / ${length}`, 'meta time');
    const remove = button(this.word('delete'), 'quiet delete', this.word('deleteLabel', { peer }));
    remove.addEventListener('click', () => void this.delete(id));
    const player = make('div', '', 'player');
    player.append(play, position, time, remove);
    item.append(about, player);
    return item;
  }

  private async delete(id: string): Promise<void> {
    if (!(await confirmAction(this.word('confirmDelete'), this.word('delete'), this.host.t('voicemail.cancel')))) return;
    try {
      await deleteCallRecording(this.host.transport, id);
    } catch (error) {
      // Already deleted by a teammate: the result is the same.
      if (!(error instanceof RecordsError && error.code === 'SB_NO_RECORDING')) return this.failed(error);
    }
    this.player.forget(id);
    this.shown.delete(id);
    this.deleted(id);
    this.host.announce(this.word('deleted'));
  }

  private failed(error: unknown): void {
    const { code, title } = explain(error, this.host.language());
    this.host.announce(this.word('failed', { reason: title, code }));
  }

  private element(id: string): HTMLElement | undefined {
    return this.list.querySelector<HTMLElement>(`[data-recording="${id}"]`) ?? undefined;
  }

  private showPlaying(id: string, playing: boolean): void {
    const play = this.element(id)?.querySelector<HTMLButtonElement>('.play');
    const shown = this.shown.get(id);
    if (!play || !shown) return;
    play.textContent = this.word(playing ? 'pausePlay' : 'play');
    play.setAttribute('aria-label', this.word(playing ? 'pauseLabel' : 'playLabel', { peer: shown.peer, length: clock(shown.seconds) }));
    play.classList.toggle('playing', playing);
  }

  private showTime(id: string, position: number, duration: number): void {
    const item = this.element(id);
    if (item) showPlayerTime(item, position, duration, this.shown.get(id)?.seconds ?? 0);
  }
}

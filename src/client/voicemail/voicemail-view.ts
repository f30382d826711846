/**
 * The Voicemail section: the team's messages newest first, each with caller, time, length, a
 * player (play/pause, seek), Call back and Delete (asked first); unplayed ones are marked and
 * counted in the badge. Fetches `/voicemail` when the team's voicemail tag moved (a new message
 * shows within one update on every signed-in page), with a system notification when the tab is hidden.
 */
import { confirmAction } from '../page/confirm-dialog';
import { button, byId, clock, make, timeOf } from '../page/dom';
import { explain } from '../page/errors';
import { notifyIfHidden } from '../page/notify';
import { syncList } from '../records/keyed-list';
import { PlayedMessages } from './played-messages';
import type { RecordsHost } from '../records/records-host';
import { blobAudio, RecordingPlayer, showPlayerTime } from './recording-player';
import { RecordsSection } from '../records/records-section';
import type { Voicemail } from '../../lib/contract/voicemail';
import { deleteVoicemail, fetchRecording, fetchVoicemail, RecordsError } from '../api/team-records';
import { VoicemailBox } from './voicemail-box';

export class VoicemailSection extends RecordsSection {
  private readonly box: VoicemailBox;
  private readonly player: RecordingPlayer;
  private readonly played: PlayedMessages;

  constructor(
    host: RecordsHost,
    storage: Storage,
    private readonly deleted: (id: string) => void,
  ) {
    super(host, 'voicemail');
    this.played = new PlayedMessages(storage, host.identity);
    this.box = new VoicemailBox(this.played);
    this.player = new RecordingPlayer(byId<HTMLAudioElement>('voicemail-audio'), (id) => blobAudio(fetchRecording(host.transport, id)), {
      onState: (id, playing) => this.showPlaying(id, playing),
      onTime: (id, position, duration) => this.showTime(id, position, duration),
      onError: (_id, error) => this.failed(error),
    });
  }

  /** True when a `storage` event is about this person's played messages. */
  concerns(event: StorageEvent): boolean {
    return this.played.concerns(event);
  }

  /** Focuses the message `id` (from the call history) and plays it. */
  open(id: string): void {
    const item = this.item(id);
    if (!item) return;
    item.scrollIntoView({ block: 'nearest' });
    item.querySelector<HTMLButtonElement>('.play')?.focus();
    void this.play(id);
  }

  override stop(): void {
    super.stop();
    this.player.stop();
  }

  protected async load(): Promise<void> {
    const { voicemail } = this.host.first;
    this.host.first.voicemail = undefined;
    const fresh = this.box.update(await (voicemail ?? fetchVoicemail(this.host.transport)));
    this.status.ok(this.box.messages.length ? '' : this.host.t('voicemail.empty'));
    this.render();
    for (const message of fresh) {
      const body = this.host.t('voicemail.notifyBody', { peer: this.peer(message), length: clock(message.seconds) });
      this.host.announce(`${this.host.t('voicemail.notify')}: ${body}`);
      notifyIfHidden(this.host.t('voicemail.notify'), body, { tag: `switchboard-voicemail-${message.id}` });
    }
  }

  protected render(): void {
    const unplayed = this.box.unplayed();
    const badge = byId('voicemail-badge');
    badge.hidden = unplayed === 0;
    badge.textContent = this.host.t('voicemail.badge', { count: unplayed });
    const messages = new Map(this.box.messages.map((message) => [message.id, message]));
    syncList(
      this.list,
      [...messages.keys()],
      (id) => this.row(messages.get(id)!),
      (item, id) => {
        const isNew = this.box.isNew(id);
        item.classList.toggle('new', isNew);
        item.querySelector<HTMLElement>('.new-mark')!.hidden = !isNew;
      },
    );
  }

  private row(message: Voicemail): HTMLLIElement {
    const { t } = this.host;
    const peer = this.peer(message);
    const item = make('li', '', 'record message');
    const head = make('p', '', 'record-head');
    head.append(make('span', t('voicemail.new'), 'new-mark'), make('strong', peer, 'party'));
    const { number, name } = message.from;
    const about = [number && name, number && this.host.placeOf(number)].filter(Boolean).join(' · ');
    if (about) head.append(make('span', about, 'meta'));
    const when = make('p', '', 'meta');
    when.append(timeOf(message.at, this.host.language()), ` · ${clock(message.seconds)}`);

    const player = make('div', '', 'player');
    const play = button(t('voicemail.play'), 'quiet play', t('voicemail.playLabel', { peer }));
    play.addEventListener('click', () => void this.play(message.id));
    for (const intent of ['pointerenter', 'focus']) play.addEventListener(intent, () => this.player.prefetch(message.id));
    const position = make('input', '', 'position');
    Object.assign(position, { type: 'range', min: '0', max: String(Math.max(1, message.seconds)), step: '0.1', value: '0' });
    position.setAttribute('aria-label', t('voicemail.position', { peer }));
    position.addEventListener('input', () => void this.player.seek(message.id, Number(position.value)));
    const time = make('span', `0:00 / ${clock(message.seconds)}`, 'meta time');
    player.append(play, position, time);

    const actions = make('div', '', 'row');
    const callBack = button(t('voicemail.callBack'), 'accept', t('records.callBack', { peer }));
    callBack.disabled = !message.from.number;
    callBack.addEventListener('click', () => message.from.number && this.host.callBack(message.from.number));
    const remove = button(t('voicemail.delete'), 'quiet delete', t('voicemail.deleteLabel', { peer }));
    remove.addEventListener('click', () => void this.delete(message));
    actions.append(callBack, remove);
    item.append(head, when, player, actions);
    return item;
  }

  private async play(id: string): Promise<void> {
    this.box.markPlayed(id);
    this.render();
    await this.player.toggle(id);
  }

  private async delete(message: Voicemail): Promise<void> {
    const { t } = this.host;
    const peer = this.peer(message);
    if (!(await confirmAction(t('voicemail.confirm', { peer }), t('voicemail.delete'), t('voicemail.cancel')))) return;
    try {
      await deleteVoicemail(this.host.transport, message.id);
    } catch (error) {
      // Already deleted by a teammate: the result is the same.
      if (!(error instanceof RecordsError && error.code === 'SB_NOT_FOUND')) return this.failed(error);
    }
    this.player.forget(message.id);
    this.box.remove(message.id);
    this.deleted(message.id);
    this.render();
    this.status.ok(this.box.messages.length ? '' : t('voicemail.empty'));
    this.host.announce(t('voicemail.deleted', { peer }));
    byId('voicemail-heading').focus();
  }

  private failed(error: unknown): void {
    const { code, title } = explain(error, this.host.language());
    this.status.ok(this.host.t('voicemail.failed', { reason: title, code }));
  }

  private showPlaying(id: string, playing: boolean): void {
    const button = this.item(id)?.querySelector<HTMLButtonElement>('.play');
    if (!button) return;
    const peer = this.peer(this.box.messages.find((message) => message.id === id)!);
    button.textContent = this.host.t(playing ? 'voicemail.pause' : 'voicemail.play');
    button.setAttribute('aria-label', this.host.t(playing ? 'voicemail.pauseLabel' : 'voicemail.playLabel', { peer }));
    button.classList.toggle('playing', playing);
  }

  private showTime(id: string, position: number, duration: number): void {
    const item = this.item(id);
    if (item) showPlayerTime(item, position, duration, this.box.messages.find((entry) => entry.id === id)?.seconds ?? 0);
  }

  private item(id: string): HTMLElement | undefined {
    return [...this.list.children].find((child) => (child as HTMLElement).dataset.key === id) as HTMLElement | undefined;
  }

  private peer(message: Voicemail): string {
    const { number, name } = message.from;
    return number ? this.host.formatNumber(number) : name || this.host.t('voicemail.unknown');
  }
}

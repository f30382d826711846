/**
 * The Voicemail section: the team's messages newest first, each with caller, time, length, a
 * player (play/pause, seek), Call back, Handled (or Not handled, and who handled it when) and
 * Delete (asked first); the ones I have not played, in any browser of mine, are marked and
 * counted in the badge. Fetches `/voicemail` when the team's voicemail tag moved (a new message,
 * a teammate's mark, a play of mine elsewhere shows within one update on every signed-in page),
 * with a system notification when the tab is hidden.
 */
import { confirmAction } from '../page/confirm-dialog';
import { button, byId, clock, dateTimeFormat, make, timeOf } from '../page/dom';
import { explain } from '../page/errors';
import { notifyIfHidden } from '../page/notify';
import { syncList } from '../records/keyed-list';
import type { RecordsHost } from '../records/records-host';
import { blobAudio, RecordingPlayer, showPlayerTime } from './recording-player';
import { RecordsSection } from '../records/records-section';
import type { Voicemail } from '../../lib/contract/voicemail';
import { postHandled, postPlayed } from '../api/voicemail-marks';
import { deleteVoicemail, fetchRecording, fetchVoicemail, RecordsError } from '../api/team-records';
import { VoicemailBox } from './voicemail-box';

export class VoicemailSection extends RecordsSection {
  private readonly box = new VoicemailBox();
  private readonly player: RecordingPlayer;

  constructor(
    host: RecordsHost,
    private readonly deleted: (id: string) => void,
  ) {
    super(host, 'voicemail');
    this.player = new RecordingPlayer(byId<HTMLAudioElement>('voicemail-audio'), (id) => blobAudio(fetchRecording(host.transport, id)), {
      onState: (id, playing) => this.showPlaying(id, playing),
      onTime: (id, position, duration) => this.showTime(id, position, duration),
      onError: (_id, error) => this.failed(error),
    });
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
        this.showHandled(item, messages.get(id)!);
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
    const handled = button('', 'quiet handled');
    handled.addEventListener('click', () => void this.handle(message.id, handled.getAttribute('aria-pressed') !== 'true'));
    const remove = button(t('voicemail.delete'), 'quiet delete', t('voicemail.deleteLabel', { peer }));
    remove.addEventListener('click', () => void this.delete(message));
    actions.append(callBack, handled, remove);
    item.append(head, when, make('p', '', 'meta handled-by'), player, actions);
    return item;
  }

  /** The message's handled mark as the server gave it: who and when, and the button that toggles it. */
  private showHandled(item: HTMLElement, message: Voicemail): void {
    const { t } = this.host;
    const peer = this.peer(message);
    const mark = message.handled;
    const note = item.querySelector<HTMLElement>('.handled-by')!;
    note.hidden = !mark;
    note.textContent = mark ? t('voicemail.handledBy', { name: mark.by, time: dateTimeFormat(this.host.language()).format(Date.parse(mark.at)) }) : '';
    const toggle = item.querySelector<HTMLButtonElement>('.handled')!;
    toggle.textContent = t(mark ? 'voicemail.unhandle' : 'voicemail.handle');
    toggle.setAttribute('aria-label', t(mark ? 'voicemail.unhandleLabel' : 'voicemail.handleLabel', { peer }));
    toggle.setAttribute('aria-pressed', String(!!mark));
    toggle.hidden = !this.box.marks;
  }

  private async play(id: string): Promise<void> {
    if (this.box.isNew(id)) {
      this.box.markPlayed(id);
      this.render();
      // Recorded for me in every browser; should it fail, the message is new again here as well.
      postPlayed(this.host.transport, id).catch((error: unknown) => {
        this.box.notPlayed(id);
        this.render();
        this.failed(error);
      });
    }
    await this.player.toggle(id);
  }

  /** Marks `id` handled by me, or not handled, and shows the mark the server now keeps (maybe a teammate's). */
  private async handle(id: string, handled: boolean): Promise<void> {
    try {
      this.box.setHandled(id, await postHandled(this.host.transport, id, handled));
    } catch (error) {
      return this.failed(error);
    }
    this.render();
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

/**
 * The Call history section: the team's calls from Twilio's records (`/calls`), newest first,
 * with direction, the other party, who answered (or missed / voicemail / busy / failed),
 * duration, time, the call's voicemail, its recordings and Call back; "Load more" pages back with `next`.
 * The newest page is asked for again when the team's history tag moved and after each call here.
 */
import { callBackTarget, CallHistory } from './call-history';
import { button, byId, clock, make, timeOf } from '../page/dom';
import { syncList } from '../records/keyed-list';
import type { RecordsHost } from '../records/records-host';
import { RecordsSection } from '../records/records-section';
import type { HistoryEntry } from '../../lib/contract/calls';
import { fetchHistory } from '../api/team-records';
import { CallRecordingsView } from '../recording/call-recordings-view';

export class HistorySection extends RecordsSection {
  private readonly history = new CallHistory();
  private readonly more = byId<HTMLButtonElement>('history-more');
  private readonly onMore = () => void this.loadMore();
  private readonly recordings: CallRecordingsView;

  constructor(
    host: RecordsHost,
    private readonly openVoicemail: (id: string) => void,
  ) {
    super(host, 'history');
    this.more.addEventListener('click', this.onMore);
    this.recordings = new CallRecordingsView(host, this.list, (id) => {
      this.history.dropRecording(id);
      this.redraw();
    });
  }

  /** A voicemail was deleted: its calls no longer offer it. */
  voicemailDeleted(id: string): void {
    this.history.dropVoicemail(id);
    this.redraw();
  }

  override stop(): void {
    super.stop();
    this.recordings.stop();
    this.more.removeEventListener('click', this.onMore);
    this.more.hidden = true;
  }

  protected async load(): Promise<void> {
    const { history } = this.host.first;
    this.host.first.history = undefined;
    this.history.refresh(await (history ?? fetchHistory(this.host.transport)));
    this.render();
  }

  private async loadMore(): Promise<void> {
    const cursor = this.history.next;
    if (!cursor) return;
    this.more.disabled = true;
    try {
      this.history.append(await fetchHistory(this.host.transport, cursor));
      this.render();
    } catch (error) {
      this.status.failed(error);
    } finally {
      this.more.disabled = false;
    }
  }

  protected render(): void {
    const entries = new Map(this.history.entries.map((entry) => [entry.id, entry]));
    this.status.ok(entries.size ? '' : this.host.t('history.empty'));
    // A row is redrawn only when its call changed (e.g. its voicemail arrived).
    syncList(
      this.list,
      [...entries.keys()],
      () => make('li', '', 'record call'),
      (item, id) => {
        const entry = entries.get(id)!;
        const signature = JSON.stringify(entry);
        if (item.dataset.signature === signature) return;
        item.dataset.signature = signature;
        item.replaceChildren(...this.row(entry));
      },
    );
    this.more.hidden = !this.history.next;
  }

  private row(entry: HistoryEntry): HTMLElement[] {
    const { t } = this.host;
    const peer = this.party(entry);
    const head = make('p', '', 'record-head');
    head.append(make('strong', peer, 'party'));
    const { number, name } = entry.party;
    const about = [number && name, number && this.host.placeOf(number)].filter(Boolean).join(' · ');
    if (about) head.append(make('span', about, 'meta'));

    const answered =
      entry.outcome === 'answered' && entry.answeredBy ? t('history.answeredBy', { name: entry.answeredBy }) : t(entry.voicemail?.deleted ? 'history.voicemailDeleted' : `history.${entry.outcome}`);
    // "answered by alice → transferred to bob".
    const outcome = [answered, ...(entry.transfers ?? []).map((name) => t('history.transferredTo', { name }))].join(' → ');
    const parts = [t(`history.${entry.direction}`), ...(entry.by ? [t('history.by', { name: entry.by })] : []), outcome, ...(entry.seconds ? [clock(entry.seconds)] : [])];
    const meta = make('p', `${parts.join(', ')} · `, `meta outcome-${entry.outcome}`);
    meta.append(timeOf(entry.at, this.host.language()));

    const actions = make('div', '', 'row');
    const target = callBackTarget(entry, this.host.identity);
    if (target) {
      const callBack = button(t('voicemail.callBack'), 'quiet', t('recent.callBack', { peer }));
      callBack.addEventListener('click', () => this.host.callBack(target));
      actions.append(callBack);
    }
    if (entry.voicemail && !entry.voicemail.deleted) {
      const { id, seconds } = entry.voicemail;
      const length = clock(seconds);
      const open = button(t('history.toVoicemail', { length }), 'quiet', t('history.toVoicemailLabel', { peer, length }));
      open.addEventListener('click', () => this.openVoicemail(id));
      actions.append(open);
    }
    return [head, meta, ...this.recordings.items(entry, peer), actions];
  }

  /** The other party as shown: a teammate's name, a formatted number, or a name. */
  private party(entry: HistoryEntry): string {
    const { identity, number, name } = entry.party;
    if (entry.direction === 'team') return [entry.by, identity].filter(Boolean).join(' → ');
    return identity ?? (number ? this.host.formatNumber(number) : (name ?? '?'));
  }
}

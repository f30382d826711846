/**
 * The Call history section: the team's calls from Twilio's records (`/calls`), newest first,
 * with direction, the other party, who answered (or missed / voicemail / busy / failed),
 * duration, time, the call's voicemail, its recordings and Call back; "Load more" pages back with `next`.
 * **All** shows every call of the team, **Mine** the person's own (`?mine=1`, chosen per person
 * in this browser: history-choice.ts). The newest page is asked for again when the team's history
 * tag moved and after each call here.
 */
import { callBackTarget, CallHistory } from './call-history';
import { button, byId, clock, make, timeOf } from '../page/dom';
import { syncList } from '../records/keyed-list';
import type { RecordsHost } from '../records/records-host';
import { RecordsSection } from '../records/records-section';
import type { HistoryEntry, HistoryView } from '../../lib/contract/calls';
import { chooseView, chosenView } from './history-choice';
import { fetchHistory } from '../api/team-records';
import { CallRecordingsView } from '../recording/call-recordings-view';

export class HistorySection extends RecordsSection {
  private history = new CallHistory();
  private view: HistoryView;
  private readonly views = byId('history-view');
  private readonly more = byId<HTMLButtonElement>('history-more');
  private readonly onMore = () => void this.loadMore();
  private readonly onView = (event: Event) => {
    const view = (event.target as HTMLElement).closest<HTMLElement>('[data-view]')?.dataset.view;
    if (view === 'all' || view === 'mine') void this.choose(view);
  };
  private readonly recordings: CallRecordingsView;

  constructor(
    host: RecordsHost,
    private readonly storage: Storage,
    private readonly openVoicemail: (id: string) => void,
  ) {
    super(host, 'history');
    this.view = chosenView(storage, host.identity);
    this.showView();
    this.views.addEventListener('click', this.onView);
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
    this.views.removeEventListener('click', this.onView);
    this.more.removeEventListener('click', this.onMore);
    this.more.hidden = true;
  }

  /** The newest page of the view shown; asked again when the view changed while it was on its way. */
  protected async load(): Promise<void> {
    // The page's first answer was asked for in the view chosen here last, the one this section starts with.
    let first = this.host.first.history;
    this.host.first.history = undefined;
    for (;;) {
      const view = this.view;
      const page = await (first ?? fetchHistory(this.host.transport, view));
      first = undefined;
      if (view !== this.view) continue;
      this.history.refresh(page);
      this.render();
      return;
    }
  }

  /** Shows the view the person picked (and remembers it for them here): its calls from the newest. */
  private async choose(view: HistoryView): Promise<void> {
    if (view === this.view) return;
    this.view = view;
    chooseView(this.storage, this.host.identity, view);
    this.history = new CallHistory();
    this.showView();
    this.list.replaceChildren();
    this.more.hidden = true;
    this.status.loading();
    await this.refresh();
  }

  /** The pressed view button. */
  private showView(): void {
    for (const choice of this.views.querySelectorAll<HTMLElement>('[data-view]')) choice.setAttribute('aria-pressed', String(choice.dataset.view === this.view));
  }

  private async loadMore(): Promise<void> {
    const { view, history } = this;
    const cursor = history.next;
    if (!cursor) return;
    this.more.disabled = true;
    try {
      const page = await fetchHistory(this.host.transport, view, cursor);
      // Another view was chosen meanwhile: this page is not part of what is shown.
      if (history !== this.history) return;
      history.append(page);
      this.render();
    } catch (error) {
      this.status.failed(error);
    } finally {
      this.more.disabled = false;
    }
  }

  protected render(): void {
    const entries = new Map(this.history.entries.map((entry) => [entry.id, entry]));
    const empty = this.view === 'all' ? 'history.empty' : this.history.next ? 'history.mineFurther' : 'history.mineEmpty';
    this.status.ok(entries.size ? '' : this.host.t(empty));
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
      const callBack = button(t('voicemail.callBack'), 'quiet', t('records.callBack', { peer }));
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

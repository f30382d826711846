/**
 * The lazily loaded chunk with what the page shows of the team: the Voicemail and Call history
 * sections and the freshness of the whole picture (`GET /team`). main.ts imports it only after
 * the line is registered, so none of it delays `registered`; calling and answering never depend
 * on it (its failures stay inside the two sections).
 */
import { HistorySection } from './history/history-view';
import { addWords } from './page/i18n';
import { RECORDS_WORDS } from './records/records-words';
import type { RecordsHost } from './records/records-host';
import { TeamFreshness } from './team/team-freshness';
import { VoicemailSection } from './voicemail/voicemail-view';

/** The two sections of one signed-in session. */
export interface TeamRecords {
  /** A call here ended: the history holds it now, and presence may have moved. */
  refresh(): void;
  /** Draw again in the page's (new) language. */
  redraw(): void;
  /** Sign-out: stop updating, free the audio, hide the sections. */
  stop(): void;
}

/** Shows both sections for the signed-in person and keeps them and the team's picture current. */
export function showTeamRecords(host: RecordsHost): TeamRecords {
  addWords(RECORDS_WORDS, document, host.language());
  const history: HistorySection = new HistorySection(host, localStorage, (id) => voicemail.open(id));
  const voicemail = new VoicemailSection(host, (id) => history.voicemailDeleted(id));
  const freshness = new TeamFreshness(
    host.transport,
    {
      picture: (state) => host.teamState(state),
      changed: (records) => void (records === 'voicemail' ? voicemail : history).refresh(),
      // Nothing new can show meanwhile: both sections say so, with the time of the next try.
      failed: (error, delayMs) => [voicemail, history].forEach((section) => section.retrying(error, delayMs)),
    },
    () => document.visibilityState === 'visible',
  );
  // Back in view: update at once rather than at the next (hidden, slower) tick.
  const onVisible = () => document.visibilityState === 'visible' && void freshness.now();
  document.addEventListener('visibilitychange', onVisible);
  void voicemail.refresh();
  void history.refresh();
  void freshness.now();
  return {
    refresh() {
      void history.refresh();
      void freshness.now();
    },
    redraw() {
      voicemail.redraw();
      history.redraw();
    },
    stop() {
      document.removeEventListener('visibilitychange', onVisible);
      freshness.stop();
      voicemail.stop();
      history.stop();
    },
  };
}

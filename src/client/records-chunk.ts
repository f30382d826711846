/**
 * The lazily loaded chunk with the team's records: the Voicemail and Call history sections.
 * main.ts imports it only after the line is registered, so none of it delays `registered`;
 * calling and answering never depend on it (its failures stay inside the two sections).
 */
import { HistorySection } from './history/history-view';
import { addWords } from './page/i18n';
import { RECORDS_WORDS } from './records/records-words';
import type { RecordsHost } from './records/records-host';
import { VoicemailSection } from './voicemail/voicemail-view';

/** The two sections of one signed-in session. */
export interface TeamRecords {
  /** Ask the server now, e.g. after a call here ended. */
  refresh(): void;
  /** Draw again in the page's (new) language. */
  redraw(): void;
  /** Sign-out: stop polling, free the audio, hide the sections. */
  stop(): void;
}

/** Shows both sections for the signed-in person and keeps them current. */
export function showTeamRecords(host: RecordsHost): TeamRecords {
  addWords(RECORDS_WORDS, document, host.language());
  const history: HistorySection = new HistorySection(host, (id) => voicemail.open(id));
  const voicemail = new VoicemailSection(host, localStorage, (id) => history.voicemailDeleted(id));
  const refresh = () => {
    void voicemail.refresh();
    void history.refresh();
  };
  // Back in view: fetch at once rather than at the next tick of a throttled timer.
  const onVisible = () => document.visibilityState === 'visible' && refresh();
  // Another tab of this person played a message: its mark and the badge follow.
  const onStorage = (event: StorageEvent) => voicemail.concerns(event) && voicemail.redraw();
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('storage', onStorage);
  refresh();
  return {
    refresh,
    redraw() {
      voicemail.redraw();
      history.redraw();
    },
    stop() {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('storage', onStorage);
      voicemail.stop();
      history.stop();
    },
  };
}

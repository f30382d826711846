/** What the Voicemail and Call history sections need from the page (main.ts). */
import type { Language, Translate } from '../page/i18n';
import type { HistoryPage } from '../../lib/contract/calls';
import type { VoicemailList } from '../../lib/contract/voicemail';
import type { RecordsTransport } from '../api/team-records';
import type { TeamState } from '../../lib/contract/team';

export interface RecordsHost {
  t: Translate;
  language(): Language;
  /** The signed-in person. */
  identity: string;
  transport: RecordsTransport;
  /**
   * The first answers, asked for by main.ts the moment the line registered, while this chunk was
   * still loading; each section takes its own once instead of asking again (the history's in the
   * view this person chose last: history-choice.ts).
   */
  first: { voicemail?: Promise<VoicemailList>; history?: Promise<HistoryPage> };
  /** An E.164 number as people write it (the dialler's formatting), or as it is. */
  formatNumber(e164: string): string;
  /** Where a phone number is from, in the page's language (the dialling policy's knowledge), if known. */
  placeOf(e164: string): string | undefined;
  /** Calls a number or teammate back through the dialler (its policy applies). */
  callBack(peer: string): void;
  announce(text: string): void;
  /** The team's picture changed (presence, my do-not-disturb). */
  teamState(state: TeamState): void;
}

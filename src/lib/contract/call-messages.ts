/**
 * What the Functions tell a teammate's page during a call, without being asked: Twilio's call
 * messages (REST `POST /Calls/{CallSid}/UserDefinedMessages` with `Content` = this, as JSON, on the
 * teammate's own leg; the Voice SDK emits it as `call.on('messageReceived')`). Sent whenever the
 * call's conference changes (a party joins or leaves, a teammate holds, resumes, consults, cancels
 * or merges), so every teammate's call panel follows who is on the call, whoever acted; and
 * whenever the call's recording changes, so every teammate's recording indicator agrees. `kind`
 * tells them apart.
 */
import type { ControlParty } from './call-control';
import { isRecordingState, type RecordingState } from './recording';

/** Who else is in the call now, as the Participants list said at `at`. */
export interface PartiesNews {
  readonly kind: 'parties';
  /** When the Participants list was read (ms, the Functions' clock; compare with ControlReply.at). */
  readonly at: number;
  /** The receiving teammate is on hold. */
  readonly hold: boolean;
  /** Everyone else, held or not, connected or still being dialled in. */
  readonly parties: readonly ControlParty[];
}

const isParty = (value: unknown): value is ControlParty => {
  const party = value as ControlParty;
  return typeof party === 'object' && party !== null && typeof party.label === 'string' && typeof party.hold === 'boolean' && typeof party.status === 'string';
};

/** True for a message content of this shape (anything else on the call is not ours to act on). */
export function isPartiesNews(content: unknown): content is PartiesNews {
  const news = content as PartiesNews;
  return (
    typeof news === 'object' && news !== null && news.kind === 'parties' && Number.isFinite(news.at) && typeof news.hold === 'boolean' && Array.isArray(news.parties) && news.parties.every(isParty)
  );
}

/** The call's recording now (src/lib/contract/recording.ts), read at `at`. */
export interface RecordingNews extends RecordingState {
  readonly kind: 'recording';
}

/** Every message the Functions send a teammate's call. */
export type CallMessage = PartiesNews | RecordingNews;

/** True for a recording message. */
export function isRecordingNews(content: unknown): content is RecordingNews {
  return isRecordingState(content) && (content as RecordingNews).kind === 'recording';
}

/**
 * What the Functions tell a teammate's page during a call, without being asked: Twilio's call
 * messages (REST `POST /Calls/{CallSid}/UserDefinedMessages` with `Content` = this, as JSON, on the
 * teammate's own leg; the Voice SDK emits it as `call.on('messageReceived')`). Sent whenever the
 * call's conference changes (a party joins or leaves, a teammate holds, resumes, consults, cancels
 * or merges), so every teammate's call panel follows who is on the call, whoever acted.
 */
import type { ControlParty } from './call-control';

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

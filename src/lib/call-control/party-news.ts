/**
 * Tells the teammates in a call's conference who else is in it now (src/lib/contract/call-messages.ts),
 * each on their own leg through Twilio's call messages, so each page's call panel follows the
 * call whoever changed it. A participant labelled with an identity is a teammate's Voice SDK; a
 * phone (`caller`) gets nothing. Best effort: a message that fails (the leg ended meanwhile) is
 * logged and the call goes on; the next change of the conference tells again.
 */
import type { ControlParty } from '../contract/call-control';
import type { PartiesNews } from '../contract/call-messages';
import { logEvent } from '../runtime/serverless';
import type { ControlApi, ParticipantRecord } from './control-api';
import { CALLER_LABEL } from './names';

/** A participant as the pages see it. */
export const partyOf = (participant: ParticipantRecord): ControlParty => ({ label: participant.label ?? '', hold: participant.hold, status: participant.status });

/**
 * Sends each connected teammate among `participants` (read at `at`) the others, except the teammates
 * whose leg is in `skip` (one who left, or the one a `/call-control` answer tells already).
 */
export async function tellTeammates(api: ControlApi, participants: readonly ParticipantRecord[], at: number, skip: readonly string[] = []): Promise<void> {
  const teammates = participants.filter((p) => p.status === 'connected' && p.label && p.label !== CALLER_LABEL && !skip.includes(p.callSid));
  await Promise.all(
    teammates.map(async (teammate) => {
      const news: PartiesNews = { kind: 'parties', at, hold: teammate.hold, parties: participants.filter((p) => p !== teammate).map(partyOf) };
      try {
        await api.sendMessage(teammate.callSid, news);
      } catch (error) {
        logEvent('call-message-failed', { callSid: teammate.callSid, error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
}

/**
 * The team's marks on its voicemail, as the page sets them (src/lib/contract/voicemail-played.ts,
 * voicemail-handled.ts): a message I played, a message handled or not. Only the voicemail
 * section uses them, so they load with it, after registration.
 */
import type { HandledMark } from '../../lib/contract/voicemail';
import type { VoicemailHandled } from '../../lib/contract/voicemail-handled';
import type { VoicemailPlayed } from '../../lib/contract/voicemail-played';
import { isObject, json, type RecordsTransport } from './team-records';

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** `POST /voicemail-played`: I played the message `id` (in every browser of mine). */
export async function postPlayed(transport: RecordsTransport, id: string): Promise<void> {
  await json(transport, '/voicemail-played', (body): body is VoicemailPlayed => isObject(body) && body.id === id && body.played === true, form({ id }));
}

/** `POST /voicemail-handled`: marks the message `id` handled by me, or not handled; the mark as it now is. */
export async function postHandled(transport: RecordsTransport, id: string, handled: boolean): Promise<HandledMark | null> {
  const answer = await json(
    transport,
    '/voicemail-handled',
    (body): body is VoicemailHandled => isObject(body) && body.id === id && (body.handled === null || isObject(body.handled)),
    form({ id, handled: String(handled) }),
  );
  return answer.handled;
}

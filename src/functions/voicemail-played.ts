/**
 * POST /voicemail-played with `id=RE…` — the signed-in person played that message, in every
 * browser of theirs (src/lib/contract/voicemail-played.ts). Bearer session; needs SYNC_SERVICE_SID.
 */
import type { VoicemailPlayed } from '../lib/contract/voicemail-played';
import { dataFunction } from '../lib/endpoints/data-function';
import { answerMark } from '../lib/voicemail/marks-endpoint';
import { markPlayed } from '../lib/voicemail/voicemail-marks';

export const handler = dataFunction((request) =>
  answerMark(
    request,
    (store, message) => markPlayed(store, message, request.identity),
    (id, played) => ({ id, played }) satisfies VoicemailPlayed,
  ),
);

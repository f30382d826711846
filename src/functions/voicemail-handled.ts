/**
 * POST /voicemail-handled with `id=RE…` and `handled=true|false` — marks a message handled by the
 * signed-in person, or undoes the mark, for the whole team (src/lib/contract/voicemail-handled.ts).
 * Bearer session; needs SYNC_SERVICE_SID.
 */
import type { VoicemailHandled } from '../lib/contract/voicemail-handled';
import { dataFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { errorAnswer } from '../lib/runtime/http-answer';
import { answerMark } from '../lib/voicemail/marks-endpoint';
import { markHandled } from '../lib/voicemail/voicemail-marks';

export const handler = dataFunction(async (request) => {
  const handled = param(request.params, 'handled');
  if (handled !== 'true' && handled !== 'false') return errorAnswer(400, 'SB_BAD_REQUEST', {}, 'handled must be true or false');
  return answerMark(
    request,
    (store, message) => markHandled(store, message, request.identity, handled === 'true'),
    (id, mark) => ({ id, handled: mark }) satisfies VoicemailHandled,
  );
});

/**
 * POST /voicemail-delete with `id=RE…` (form or JSON) — deletes a team voicemail at Twilio, for
 * the whole team; 404 for anything that is not one of the team's voicemails, a call recording
 * included (src/lib/contract/voicemail.ts). Its marks go with it, and the team's store keeps that
 * it was deleted, so the call stays a voicemail call in the history; 503 (nothing deleted) when
 * the store cannot. Every page hears of it through the voicemail and history markers.
 */
import type { VoicemailDeleted } from '../lib/contract/voicemail';
import { dataFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { errorAnswer, jsonAnswer } from '../lib/runtime/http-answer';
import { logEvent } from '../lib/runtime/serverless';
import { deleteTeamRecording } from '../lib/recording/team-recordings';
import { StoreFailure, storeFailureAnswer } from '../lib/store/store-failure';
import { markChanged } from '../lib/team/change-markers';
import { voicemailOf } from '../lib/voicemail/voicemail-box';
import { markDeleted } from '../lib/voicemail/voicemail-marks';

export const handler = dataFunction(async ({ client, config, identity, params, store }) => {
  const id = param(params, 'id');
  try {
    const deleted = await deleteTeamRecording(client, config.callerId, id, 'voicemail', (found) =>
      store ? markDeleted(store, voicemailOf(found.recording, found.call), identity) : Promise.resolve(),
    );
    if (!deleted) return errorAnswer(404, 'SB_NOT_FOUND');
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    logEvent('voicemail-delete-refused', { identity, ...error.toLog() });
    return storeFailureAnswer(error);
  }
  await markChanged(store, ['voicemail', 'history']);
  return jsonAnswer({ deleted: id } satisfies VoicemailDeleted);
});

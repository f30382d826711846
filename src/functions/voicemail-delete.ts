/**
 * POST /voicemail-delete with `id=RE…` (form or JSON) — deletes a team voicemail at Twilio, for
 * the whole team; 404 for anything that is not one of the team's voicemails, a call recording
 * included (src/lib/contract/voicemail.ts). Every page hears of it through the voicemail and history markers.
 */
import type { VoicemailDeleted } from '../lib/contract/voicemail';
import { dataFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { errorAnswer, jsonAnswer } from '../lib/runtime/http-answer';
import { deleteTeamRecording } from '../lib/recording/team-recordings';
import { markChanged } from '../lib/team/change-markers';

export const handler = dataFunction(async ({ client, config, params, store }) => {
  const id = param(params, 'id');
  if (!(await deleteTeamRecording(client, config.callerId, id, 'voicemail'))) return errorAnswer(404, 'SB_NOT_FOUND');
  await markChanged(store, ['voicemail', 'history']);
  return jsonAnswer({ deleted: id } satisfies VoicemailDeleted);
});

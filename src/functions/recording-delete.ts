/**
 * POST /recording-delete with `id=RE…` (form or JSON) — deletes a call recording at Twilio, for
 * the whole team; 404 for anything that is not one of the team's call recordings, a voicemail
 * included (src/lib/contract/recording.ts). Every page hears of it through the history marker.
 */
import type { RecordingDeleted } from '../lib/contract/recording';
import { dataFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { errorAnswer, jsonAnswer } from '../lib/runtime/http-answer';
import { twilioRecordingApi } from '../lib/recording/recording-api';
import { forgetNotes } from '../lib/recording/recording-control';
import { deleteTeamRecording } from '../lib/recording/team-recordings';
import { markChanged } from '../lib/team/change-markers';

export const handler = dataFunction(async ({ client, config, params, store }) => {
  const id = param(params, 'id');
  if (!(await deleteTeamRecording(client, config.callerId, id, 'call'))) return errorAnswer(404, 'SB_NO_RECORDING');
  // Who started it goes with it.
  await forgetNotes(
    twilioRecordingApi(() => client, config.syncServiceSid),
    id,
  );
  await markChanged(store, ['history']);
  return jsonAnswer({ deleted: id } satisfies RecordingDeleted);
});

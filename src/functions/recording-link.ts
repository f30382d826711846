/**
 * GET /recording-link?id=RE… — a link to a team recording's audio that an `<audio src>` can use
 * for ten minutes (src/lib/recording/recording-link.ts): the page cannot give a media element its
 * Bearer token. Bearer session; 404 SB_NO_RECORDING for anything that is not one of the team's recordings.
 */
import type { RecordingLink } from '../lib/contract/recording';
import { dataFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { errorAnswer, jsonAnswer } from '../lib/runtime/http-answer';
import { recordingLink } from '../lib/recording/recording-link';
import { findTeamRecording } from '../lib/recording/team-recordings';

export const handler = dataFunction(async ({ client, config, identity, params }) => {
  const found = await findTeamRecording(client, config.callerId, param(params, 'id'));
  return found ? jsonAnswer(recordingLink(config, identity, found.recording.sid) satisfies RecordingLink) : errorAnswer(404, 'SB_NO_RECORDING');
});

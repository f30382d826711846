/**
 * GET /recording?id=RE… — a team recording's audio as MP3 (a voicemail, or a call recording):
 * fetched from Twilio with the account's credentials and passed through, a byte range at a time
 * when the player asks for one (`Range`), so a long recording plays and seeks without one
 * invocation carrying it all. Bearer session, or a signed link from /recording-link (an
 * `<audio src>` sends no Authorization header). 404 for anything that is not one of the team's
 * recordings, whatever it is.
 */
import { dataOrLinkFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { errorAnswer } from '../lib/runtime/http-answer';
import { REST_TIMEOUT_MS } from '../lib/runtime/serverless';
import { findTeamRecording } from '../lib/recording/team-recordings';
import { byteRange, fetchMp3 } from '../lib/voicemail/recording-media';

const AUDIO_HEADERS = { 'Content-Type': 'audio/mpeg', 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff', 'Accept-Ranges': 'bytes' };

export const handler = dataOrLinkFunction(async ({ client, config, params, credentials, range }, linked) => {
  const found = await findTeamRecording(client, config.callerId, linked ?? param(params, 'id'));
  const part = found && (await fetchMp3(client, found.recording.mediaUrl, credentials, REST_TIMEOUT_MS, byteRange(range)));
  if (!part) return errorAnswer(404, 'SB_NOT_FOUND');
  if (part.status === 416) return errorAnswer(416, 'SB_BAD_REQUEST', { 'Content-Range': part.contentRange });
  return { status: part.status, headers: part.status === 206 ? { ...AUDIO_HEADERS, 'Content-Range': part.contentRange } : AUDIO_HEADERS, body: part.body };
});

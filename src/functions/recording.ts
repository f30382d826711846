/**
 * GET /recording?id=RE… — a team voicemail's audio as MP3, fetched from Twilio with the account's
 * credentials and passed through; 404 for anything that is not one of the team's voicemails.
 */
import { dataFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { errorAnswer } from '../lib/runtime/http-answer';
import { fetchMp3 } from '../lib/voicemail/recording-media';
import { REST_TIMEOUT_MS } from '../lib/runtime/serverless';
import { findVoicemail } from '../lib/voicemail/voicemail-store';

const AUDIO_HEADERS = { 'Content-Type': 'audio/mpeg', 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' };

export const handler = dataFunction(async ({ client, config, params, credentials }) => {
  const found = await findVoicemail(client, config.callerId, param(params, 'id'));
  const audio = found && (await fetchMp3(client, found.recording.mediaUrl, credentials, REST_TIMEOUT_MS));
  return audio ? { status: 200, headers: AUDIO_HEADERS, body: audio } : errorAnswer(404, 'SB_NOT_FOUND');
});

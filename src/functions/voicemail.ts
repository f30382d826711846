/**
 * GET /voicemail — the team's voicemails, newest first: who called, when, how long (src/lib/contract/voicemail.ts).
 * No media URL: the audio comes from /recording. Bearer session required.
 */
import type { VoicemailList } from '../lib/contract/voicemail';
import { dataFunction } from '../lib/endpoints/data-function';
import { jsonAnswer } from '../lib/runtime/http-answer';
import { listVoicemails } from '../lib/voicemail/voicemail-store';

export const handler = dataFunction(async ({ client, config }) => jsonAnswer({ messages: await listVoicemails(client, config.callerId) } satisfies VoicemailList));

/**
 * GET /voicemail — the team's voicemails, newest first: who called, when, how long, whether the
 * asker played each and who handled it (src/lib/contract/voicemail.ts). No media URL: the audio
 * comes from /recording. Bearer session required.
 */
import { dataFunction } from '../lib/endpoints/data-function';
import { answerVoicemailList } from '../lib/voicemail/marks-endpoint';

export const handler = dataFunction(answerVoicemailList);

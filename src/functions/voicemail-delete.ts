/**
 * POST /voicemail-delete with `id=RE…` (form or JSON) — deletes a team voicemail at Twilio, for
 * the whole team; 404 for anything that is not one of the team's voicemails, a call recording
 * included (src/lib/contract/voicemail.ts). Its marks go with it, and the call stays a voicemail
 * call in the history. Every page hears of it through the voicemail and history markers.
 */
import { dataFunction } from '../lib/endpoints/data-function';
import { answerVoicemailDelete } from '../lib/voicemail/marks-endpoint';

export const handler = dataFunction(answerVoicemailDelete);

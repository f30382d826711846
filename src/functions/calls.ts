/**
 * GET /calls — the team's call history from Twilio's Calls API, newest first, 50 entries a page;
 * `?before=` takes the previous answer's `next`, `?mine=1` keeps the signed-in teammate's own calls
 * (src/lib/contract/calls.ts). Bearer session required.
 */
import { dataFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { historyViewOf } from '../lib/contract/calls';
import { readHistory } from '../lib/history/history-pages';
import { errorAnswer, jsonAnswer } from '../lib/runtime/http-answer';
import { twilioRecordingApi } from '../lib/recording/recording-api';
import { deletedVoicemailsIn } from '../lib/voicemail/voicemail-marks';

export const handler = dataFunction(async ({ client, config, identity, params, store }) => {
  const view = historyViewOf(params.mine);
  if (!view) return errorAnswer(400, 'SB_HISTORY_VIEW');
  const page = await readHistory(client, config.callerId, param(params, 'before'), {
    notes: twilioRecordingApi(() => client, config.syncServiceSid),
    deleted: deletedVoicemailsIn(store),
    ...(view === 'mine' ? { mine: identity } : {}),
  });
  return page ? jsonAnswer(page) : errorAnswer(400, 'SB_BAD_CURSOR');
});

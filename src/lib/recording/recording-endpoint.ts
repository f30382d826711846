/**
 * POST /call-recording (Bearer session, data-endpoint.ts): `{action, callSid}` where `callSid` is
 * the teammate's own leg as their SDK knows it (src/lib/contract/recording.ts). The teammate must
 * be a live party of the call, exactly as for /call-control (call-control/party.ts).
 */
import { checkParty } from '../call-control/party';
import { ControlRefusal } from '../call-control/control-refusal';
import { POST_TYPES } from '../call-control/control-endpoint';
import { RECORDING_ACTIONS, type RecordingAction } from '../contract/recording';
import { param } from '../runtime/event';
import { errorAnswer, jsonAnswer, type HttpAnswer } from '../runtime/http-answer';
import { runRecording, type RecordingContext } from './recording-control';

/** Answers one recording request of `identity`; REST failures propagate (→ 503 by data-endpoint.ts). */
export async function answerRecording(context: RecordingContext, identity: string, params: Record<string, unknown>, contentType: string): Promise<HttpAnswer> {
  const action = param(params, 'action') as RecordingAction;
  if (!POST_TYPES.test(contentType) || !RECORDING_ACTIONS.includes(action)) return errorAnswer(400, 'SB_BAD_REQUEST');
  try {
    const party = await checkParty(context.control, identity, param(params, 'callSid'));
    return jsonAnswer(await runRecording(context, party, action));
  } catch (error) {
    if (error instanceof ControlRefusal) return errorAnswer(error.status, error.code);
    throw error;
  }
}

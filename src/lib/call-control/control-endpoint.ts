/**
 * POST /call-control (Bearer session, data-endpoint.ts): `{action, callSid, target?}` where
 * `callSid` is the teammate's own leg as their SDK knows it. Answers 200 `{state, parties}`, or
 * the error table's `{error:{code,message,action}}`: 400 a request we do not understand, 403 a
 * call that is not theirs (or does not exist: the same answer), 409 a call that ended or an
 * operation that does not fit the call now (nothing was changed).
 */
import { param } from '../runtime/event';
import { errorAnswer, jsonAnswer, type HttpAnswer } from '../runtime/http-answer';
import { ControlRefusal } from './control-refusal';
import { CONTROL_ACTIONS, type ControlAction } from '../contract/call-control';
import { runControl, type ControlContext } from './operations';
import { checkParty } from './party';

/** The body types a POST may carry (a GET carries none: deployed Functions refuse its body anyway). */
export const POST_TYPES = /^(application\/json|application\/x-www-form-urlencoded)\b/i;
const MAX_TARGET = 64;

/** Answers one call-control request of `identity`; REST failures propagate (→ 503 by data-endpoint.ts). */
export async function answerControl(context: ControlContext, identity: string, params: Record<string, unknown>, contentType: string): Promise<HttpAnswer> {
  const action = param(params, 'action') as ControlAction;
  const target = param(params, 'target');
  if (!POST_TYPES.test(contentType) || !CONTROL_ACTIONS.includes(action) || target.length > MAX_TARGET) return errorAnswer(400, 'SB_BAD_REQUEST');
  try {
    const party = await checkParty(context.api, identity, param(params, 'callSid'));
    return jsonAnswer(await runControl(context, party, action, target));
  } catch (error) {
    if (error instanceof ControlRefusal) return errorAnswer(error.status, error.code);
    throw error;
  }
}

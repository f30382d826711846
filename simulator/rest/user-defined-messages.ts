/**
 * `POST /Calls/{CallSid}/UserDefinedMessages.json`: a message from the server to the Voice SDK on a
 * call (Twilio's "Call Message Events"). `Content` is a JSON string of at most 10,000 characters;
 * the SDK gets it parsed, in a signaling `message` frame, as `call.on('messageReceived')`. The
 * answer is the UserDefinedMessage resource (`KX…`); a repeated `IdempotencyKey` answers the first
 * message again without sending it twice.
 */
import type { CallEngine } from '../calls/calls';
import { newSid } from '../calls/sids';
import { rfc2822 } from './rest-dates';
import { badParameter, notFound } from './rest-errors';
import type { RestRoute } from './rest-route';

/** Twilio's limit on `Content` (error 32703). */
export const MAX_MESSAGE_CONTENT = 10_000;

const PATH = /^\/Calls\/(CA[0-9a-f]{32})\/UserDefinedMessages\.json$/;

/** The UserDefinedMessages route of the account `accountSid`, on the call engine. */
export function userDefinedMessageRoutes(accountSid: string, engine: CallEngine): RestRoute[] {
  /** `<CallSid> <IdempotencyKey>` → the message that key created. */
  const sent = new Map<string, Record<string, unknown>>();
  return [
    {
      method: 'POST',
      pattern: PATH,
      handle: (request, [callSid]) => {
        if (!engine.log.owner(callSid)) throw notFound(request.path);
        const key = request.form.get('IdempotencyKey');
        const earlier = key === null ? undefined : sent.get(`${callSid} ${key}`);
        if (earlier) return { status: 201, json: earlier };
        const content = parsedContent(request.form.get('Content'));
        const json = { account_sid: accountSid, call_sid: callSid, sid: newSid('KX'), date_created: rfc2822(new Date()) };
        const outcome = engine.sendMessage(callSid, content, json.sid);
        // Twilio documents no code for these; the simulator refuses with its "invalid call state" one.
        if (outcome === 'inactive') throw badParameter(21220, 'Call is not ringing or in progress: a message can only be sent during an active call');
        if (outcome === 'not-sdk') throw badParameter(21220, 'Call is not associated with the Voice SDK: messages reach Voice SDK calls only');
        if (key !== null) sent.set(`${callSid} ${key}`, json);
        return { status: 201, json };
      },
    },
  ];
}

/** `Content` as JSON; missing or not JSON is 32702, longer than Twilio allows 32703. */
function parsedContent(text: string | null): unknown {
  if (text === null || text === '') throw badParameter(32702, 'Content is required: a JSON string');
  if (text.length > MAX_MESSAGE_CONTENT) throw badParameter(32703, `Content exceeds the maximum length of ${MAX_MESSAGE_CONTENT} characters`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badParameter(32702, 'Content must be JSON');
  }
}

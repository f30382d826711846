/**
 * `POST /Calls/{CallSid}/UserDefinedMessages.json` (201): a server's message to the Voice SDK on
 * a call in progress, as Twilio relays it: `Content` (a JSON string, required) reaches the SDK as
 * a signaling `message` frame `{callsid, content, contenttype, messagetype, voiceeventsid}`, which
 * the SDK raises as the call's `messageReceived` event. The same `IdempotencyKey` on the same call
 * is the same message, sent once. A call that is not in progress is refused (21220); one that is
 * not a Voice SDK's (the simulated phone network) takes the message and hears nothing.
 */
import type { CallEngine } from '../calls/calls';
import { numberOfPhone } from '../calls/phone-numbers';
import { newSid } from '../calls/sids';
import { rfc2822 } from './rest-dates';
import { badParameter, notFound } from './rest-errors';
import type { RestRoute } from './rest-route';

const CALL = '/Calls/(CA[0-9a-f]{32})';

/** The route of the account `accountSid`. */
export function userDefinedMessageRoutes(accountSid: string, engine: CallEngine): RestRoute[] {
  /** `<CallSid> <IdempotencyKey>` → the message already sent for them. */
  const sent = new Map<string, Record<string, unknown>>();
  return [
    {
      method: 'POST',
      pattern: new RegExp(`^${CALL}/UserDefinedMessages\\.json$`),
      handle: (request, [callSid]) => {
        const content = request.form.get('Content');
        if (!content) throw badParameter(20001, 'Content is required');
        try {
          JSON.parse(content);
        } catch {
          throw badParameter(20001, 'Content must be a JSON string');
        }
        if (!engine.calls().some((call) => call.sid === callSid || call.legs.some((leg) => leg.sid === callSid))) throw notFound(request.path);
        const end = engine.sdkEnd(callSid);
        if (!end) throw badParameter(21220, 'Call is not in-progress. Cannot send a message.');
        const key = request.form.get('IdempotencyKey');
        const again = key ? sent.get(`${callSid} ${key}`) : undefined;
        if (again) return { status: 201, json: again };
        const message = { account_sid: accountSid, call_sid: callSid, sid: newSid('KX'), date_created: rfc2822(new Date()) };
        if (key) sent.set(`${callSid} ${key}`, message);
        if (!numberOfPhone(end.device.identity ?? '')) {
          end.device.send('message', { callsid: end.callsid, content, contenttype: 'application/json', messagetype: 'user-defined-message', voiceeventsid: message.sid });
        }
        return { status: 201, json: message };
      },
    },
  ];
}

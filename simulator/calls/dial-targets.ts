/**
 * Who a `<Dial>` rings: every registered device of each `<Client>` (with its `<Parameter>`s) and
 * the simulated phone of each `<Number>`, shown with a caller ID this account may use. A noun's
 * `statusCallback` hears its legs' progress as Twilio posts it: the events of
 * `statusCallbackEvent` (`initiated ringing answered completed`; `completed` always), each leg
 * with its own CallSid and the dialling side's as ParentCallSid.
 */
import { newSid } from './sids';
import type { DeviceRegistry, Device } from '../signaling/devices';
import { Leg } from './legs';
import { normaliseNumber, phoneIdentity } from './phone-numbers';
import type { TwimlNode } from '../twiml/twiml-document';
import { TWILIO_LEG_STATUS, type LegStatus } from './call-log';
import type { WebhookParams } from '../twiml/webhooks';

export interface DialTargetContext {
  registry: DeviceRegistry;
  teamNumber: string;
  /** The parent call's webhook parameters (From, AccountSid). */
  params: Readonly<Record<string, string>>;
  /** The caller's own device, never rung by its own call. */
  callerDevice: Device;
  /** Resolves a noun's `url` against the document it came from. */
  resolve(url: string): string | undefined;
  note(text: string, code?: number): void;
  /** Posts a leg's status callback (signed) and keeps it in the call's log. */
  postStatus(url: string, params: WebhookParams): void;
}

export interface DialTargets {
  /** One leg per device to ring, with the invite parameters it gets. */
  legs: { leg: Leg; params: Record<string, string> }[];
  /** True when every noun was a `<Number>`: nobody to ring then means `failed`, not `no-answer`. */
  onlyNumbers: boolean;
}

/** `<Dial>+1…</Dial>` is short for `<Dial><Number>+1…</Number></Dial>`. */
function nounsOf(verb: TwimlNode): TwimlNode[] {
  if (verb.children.length) return verb.children;
  return verb.text ? [{ name: 'Number', attrs: {}, children: [], text: verb.text }] : [];
}

/**
 * A `<Client>`'s `<Parameter>`s as the invite's `Params`, written as Twilio writes them: each name
 * as it stands and each value percent-encoded, in document order (a repeated name is sent again;
 * the SDK keeps the last). The SDK decodes values only, so `custom + param` arrives as it was
 * written, which Twilio's own SDK suite checks; a name with `&` or `=` cannot survive its parser.
 */
export function clientParams(noun: TwimlNode): string {
  return noun.children
    .filter((p) => p.name === 'Parameter' && p.attrs.name)
    .map((p) => `${p.attrs.name}=${encodeURIComponent(p.attrs.value ?? '')}`)
    .join('&');
}

function clientLegs(noun: TwimlNode, callerId: string | undefined, context: DialTargetContext): DialTargets['legs'] {
  const identity = (noun.children.find((c) => c.name === 'Identity')?.text ?? noun.text).trim();
  const from = callerId || context.params.From;
  const to = `client:${identity}`;
  const devices = context.registry.reachable(identity).filter((d) => d !== context.callerDevice);
  if (!devices.length) context.note(`<Client>${identity}</Client>: no registered device`);
  return devices.map((device) => ({ leg: new Leg(newSid(), device, from, to), params: { From: from, To: to, AccountSid: context.params.AccountSid, Params: clientParams(noun) } }));
}

function numberLegs(noun: TwimlNode, callerId: string | undefined, context: DialTargetContext): DialTargets['legs'] {
  const e164 = normaliseNumber(noun.text);
  const callerNumber = normaliseNumber(context.params.From) ? context.params.From : '';
  const shown = callerId || callerNumber;
  if (!e164) {
    context.note(`<Number>${noun.text.slice(0, 40)}</Number> is not a phone number`, 13223);
    return [];
  }
  // Twilio shows only numbers of the account, or passes a PSTN caller's own number through.
  if (!shown || (shown !== context.teamNumber && shown !== callerNumber)) {
    context.note(`callerId "${shown.slice(0, 40)}" is not a number of this account`, 13214);
    return [];
  }
  const devices = context.registry.reachable(phoneIdentity(e164));
  if (!devices.length) context.note(`${e164}: no simulated phone is registered for this number`);
  return devices.map((device) => ({ leg: new Leg(newSid(), device, shown, e164), params: { From: shown, To: e164, AccountSid: context.params.AccountSid } }));
}

/** The noun's `statusCallback` for each leg: `answered` and the end (`completed` always). */
function legProgress(noun: TwimlNode, callSid: string, legParams: Record<string, string>, context: DialTargetContext): ((status: LegStatus) => void) | undefined {
  const url = noun.attrs.statusCallback ? context.resolve(noun.attrs.statusCallback) : undefined;
  if (!url) return undefined;
  const events = new Set((noun.attrs.statusCallbackEvent ?? '').split(/[\s,]+/).filter(Boolean));
  let sequence = 0;
  return (status) => {
    const answered = status === 'in-progress';
    if (answered && !events.has('answered')) return;
    context.postStatus(url, {
      AccountSid: context.params.AccountSid,
      CallSid: callSid,
      ParentCallSid: context.params.CallSid,
      From: legParams.From,
      To: legParams.To,
      Direction: 'outbound-dial',
      CallStatus: TWILIO_LEG_STATUS[status],
      CallbackSource: 'call-progress-events',
      Timestamp: new Date().toUTCString(),
      SequenceNumber: String(sequence++),
    });
  };
}

/**
 * Twilio documents at most this many nouns in one `<Dial>` and no error for more: the simulator
 * refuses such a `<Dial>` (it fails, nobody rings), a stricter rule of its own, so that a TwiML
 * App that relies on an 11th noun is caught here rather than by a caller who never rings.
 */
export const MAX_DIAL_NOUNS = 10;

/** The legs a `<Dial>` rings; nouns the simulator cannot ring are noted and skipped. */
export function dialTargets(verb: TwimlNode, context: DialTargetContext): DialTargets {
  const nouns = nounsOf(verb);
  if (nouns.length > MAX_DIAL_NOUNS) {
    context.note(`simulator rule: <Dial> has ${nouns.length} nouns, Twilio documents at most ${MAX_DIAL_NOUNS}; the <Dial> fails`);
    return { legs: [], onlyNumbers: true };
  }
  const callerId = verb.attrs.callerId;
  const legs: DialTargets['legs'] = [];
  for (const noun of nouns) {
    const nounLegs = noun.name === 'Client' ? clientLegs(noun, callerId, context) : noun.name === 'Number' ? numberLegs(noun, callerId, context) : [];
    if (noun.name !== 'Client' && noun.name !== 'Number') context.note(`<Dial><${noun.name}> is not simulated; skipped`);
    const whisperUrl = noun.attrs.url ? context.resolve(noun.attrs.url) : undefined;
    for (const { leg, params } of nounLegs) {
      leg.whisperUrl = whisperUrl;
      leg.progress = legProgress(noun, leg.sid, params, context);
    }
    legs.push(...nounLegs);
  }
  return { legs, onlyNumbers: nouns.length > 0 && nouns.every((n) => n.name === 'Number') };
}

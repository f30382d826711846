/**
 * Which Call resources make up one call of the history, read from Twilio's records alone (no
 * state of our own):
 * - a leg belongs to its `ParentCallSid`, and so on up: a cold transfer of a dialled leg (a call a
 *   teammate placed to a phone) makes the target's leg a grandchild;
 * - a consultation (warm transfer) is the call the Participants API placed for the consulting
 *   teammate x: `Direction=outbound-api`, no parent, `From=client:x`, `To=client:<teammate>`
 *   (a browser's own calls are `inbound`). It belongs to the call where x's leg was live when it
 *   started: a teammate is in one call at a time (the consult refuses a busy target).
 */
import { CLIENT_PREFIX, clientIdentity } from '../runtime/event';
import type { CallRecord } from './rest-records';

type Addressed = Pick<CallRecord, 'parentCallSid' | 'direction' | 'from' | 'to'>;

/** Statuses of a leg that was answered (and may still be going on). */
export const ANSWERED = new Set(['completed', 'in-progress']);

/** True for the call a consultation placed through the Participants API (see above). */
export function isConsultation(call: Addressed): boolean {
  return !call.parentCallSid && call.direction === 'outbound-api' && clientIdentity(call.from) !== undefined && clientIdentity(call.to) !== undefined;
}

/**
 * True when `call` is `identity`'s own leg: one that rang them (`To`), or their browser's own call
 * (`From` of a parent-less inbound call). A dialled leg or a consultation shows the teammate who
 * asked for it in `From` too, but it is the callee's leg, not theirs.
 */
export function isTeammateLeg(call: Addressed, identity: string): boolean {
  const address = CLIENT_PREFIX + identity;
  return call.to === address || (call.from === address && !call.parentCallSid && call.direction === 'inbound');
}

const ms = (date: Date | null) => date?.getTime() ?? Infinity;

/**
 * The consulting teammate's leg among `calls` that was answered and live when `consultation`
 * started (the latest one, as Twilio's times are whole seconds), if any.
 */
export function consulterLeg(consultation: CallRecord, calls: Iterable<CallRecord>): CallRecord | undefined {
  const identity = clientIdentity(consultation.from);
  const started = consultation.startTime?.getTime();
  if (identity === undefined || started === undefined) return undefined;
  let found: CallRecord | undefined;
  for (const call of calls) {
    if (call === consultation || !ANSWERED.has(call.status) || !isTeammateLeg(call, identity)) continue;
    const from = ms(call.startTime);
    if (from <= started && ms(call.endTime) >= started && (!found || from > ms(found.startTime))) found = call;
  }
  return found;
}

/** The calls of `calls` grouped under the parent call each belongs to (itself left out), by parent CallSid. */
export function callFamilies(calls: Iterable<CallRecord>): Map<string, CallRecord[]> {
  const all = [...calls];
  const bySid = new Map(all.map((call) => [call.sid, call]));
  const roots = new Map<string, string>();
  const rootOf = (call: CallRecord, seen: Set<string>): string => {
    const known = roots.get(call.sid);
    if (known !== undefined) return known;
    if (seen.has(call.sid)) return call.sid; // a loop Twilio never makes: stop there
    seen.add(call.sid);
    const parent = call.parentCallSid ? bySid.get(call.parentCallSid) : undefined;
    const up = parent ?? (isConsultation(call) ? consulterLeg(call, all) : undefined);
    const root = up ? rootOf(up, seen) : (call.parentCallSid ?? call.sid);
    roots.set(call.sid, root);
    return root;
  };
  const families = new Map<string, CallRecord[]>();
  for (const call of all) {
    const root = rootOf(call, new Set());
    if (root === call.sid) continue;
    const family = families.get(root);
    if (family) family.push(call);
    else families.set(root, [call]);
  }
  return families;
}

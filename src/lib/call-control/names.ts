/**
 * Names that tie a call to its conference without any state of our own (docs/twilio-runtime.md: webhook URLs
 * stay query-free). A call is moved into a conference only when a teammate holds or transfers it;
 * the conference is named after the leg that ran the `<Dial>`, which every leg of the call knows:
 * the dialler's own CallSid, or the `ParentCallSid` of a dialled leg.
 */
import { clientIdentity } from '../runtime/event';
import { CALL_SID } from '../records/rest-records';
import { CALLER_LABEL } from '../contract/call-control';

/** The conference a call moves into: `sb-<CallSid of the leg that ran the <Dial>>`. */
export function conferenceName(rootCallSid: string): string {
  return `sb-${rootCallSid}`;
}

/** The root CallSid of one of our conferences (`sb-CA…`), or undefined for any other name. */
export function rootOfConference(friendlyName: string): string | undefined {
  const root = friendlyName.slice(conferenceName('').length);
  return friendlyName === conferenceName(root) && CALL_SID.test(root) ? root : undefined;
}

/** The leg that ran the `<Dial>` this leg belongs to. */
export function rootOf(leg: { sid: string; parentCallSid: string | null }): string {
  return leg.parentCallSid ?? leg.sid;
}

export { CALLER_LABEL };

/** A party's participant label: the teammate's identity, or `caller` for a phone. */
export function labelOf(address: string): string {
  return clientIdentity(address) ?? CALLER_LABEL;
}

/**
 * The label of the leg a webhook is about: a dialled leg (it has a `ParentCallSid`) is its `To`,
 * since its `From` names whoever dialled it; a call of its own is its `From`.
 */
export function labelOfLeg(params: { ParentCallSid?: string; From: string; To: string }): string {
  return labelOf(params.ParentCallSid ? params.To : params.From);
}

/** Webhooks of the hold and transfer Functions (each a Function of its own, query-free). */
export const PATHS = {
  holdMusic: '/hold-music',
  transferComplete: '/transfer-complete',
  transferAnswered: '/transfer-answered',
  conferenceStatus: '/conference-status',
} as const;

/** The hold music file the page assets serve (generated at build time by build/hold-music.ts). */
export const HOLD_MUSIC_FILE = '/assets/hold-music.wav';

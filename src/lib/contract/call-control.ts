/**
 * `POST /call-control` (src/functions/call-control.ts, Bearer session), JSON or form
 * `{action, callSid, target?}`: hold, transfer and consult on a call the teammate is a live party
 * of. `callSid` is their own leg as their Voice SDK knows it; `target` is a teammate or a phone
 * number (transfer, consult). Refusals are the error reply of errors.ts: 400 SB_BAD_REQUEST,
 * 403 SB_NOT_IN_CALL, 409 SB_CALL_ENDED, SB_CALL_STATE, SB_TARGET_BUSY, SB_TARGET_SELF,
 * SB_TEAMMATE and the SB_NUMBER_* of the dialling policy; nothing is changed by a refusal.
 */

/** What a teammate can ask; `status` changes nothing and answers the state. */
export const CONTROL_ACTIONS = ['hold', 'resume', 'transfer', 'consult', 'complete', 'cancel', 'merge', 'status'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** The request body. */
export interface ControlRequest {
  readonly action: ControlAction;
  readonly callSid: string;
  readonly target?: string;
}

/**
 * How the call looks from one teammate's side: `talking` with one other party, `held` (they put
 * the other party on hold), `consulting` (they hold the caller and talk with, or ring, a teammate),
 * `consulted` (a teammate holds the caller and consults them), `merged` (three or more talk),
 * `onHold` (someone put them on hold), and the outcomes of their own transfer: `transferring` (the
 * caller rings the target) and `transferred`.
 */
export type CallState = 'talking' | 'held' | 'consulting' | 'consulted' | 'merged' | 'onHold' | 'transferring' | 'transferred';

/** The participant label of a phone party in a call's conference (teammates are labelled with their identity). */
export const CALLER_LABEL = 'caller';

/** One other party of the call, once it is in its conference. */
export interface ControlParty {
  /** A teammate's identity, or `caller` (CALLER_LABEL) for a phone. */
  readonly label: string;
  readonly hold: boolean;
  /** Twilio's participant status (`connected`, `ringing`, …). */
  readonly status: string;
}

/** The 200 answer: the state after the operation and the other parties. */
export interface ControlReply {
  readonly state: CallState;
  readonly parties: readonly ControlParty[];
  /**
   * When Twilio's state was read for this answer (ms since the epoch, the Functions' clock): the
   * call's messages (call-messages.ts) carry the same, so the page keeps whichever reading is newer.
   */
  readonly at: number;
}

/** The teammate the state is seen by: their own participant's hold, and who consults them on this leg. */
export interface Viewer {
  readonly hold: boolean;
  /** The teammate who dialled this leg in to consult them (`consultedBy`), if anyone did. */
  readonly consultedBy?: string;
}

/**
 * The state of a call in its conference as `viewer` sees it, from the other parties (held or not,
 * connected or still being dialled in). One rule for the Functions' answers and the page.
 */
export function callStateOf(parties: readonly ControlParty[], viewer: Viewer): CallState {
  if (viewer.hold) return 'onHold';
  const held = parties.filter((p) => p.hold);
  const unheld = parties.filter((p) => !p.hold);
  if (held.length && unheld.length) return unheld.some((p) => p.label === viewer.consultedBy) ? 'consulted' : 'consulting';
  if (held.length) return 'held';
  return unheld.length > 1 ? 'merged' : 'talking';
}

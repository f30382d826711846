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

/** How the call looks from the asking teammate's side. */
export type CallState = 'talking' | 'held' | 'consulting' | 'merged' | 'transferring' | 'transferred';

/** One other party of the call, once it is in its conference. */
export interface ControlParty {
  /** A teammate's identity, or `caller` for a phone. */
  readonly label: string;
  readonly hold: boolean;
  /** Twilio's participant status (`connected`, `ringing`, …). */
  readonly status: string;
}

/** The 200 answer: the state after the operation and the other parties. */
export interface ControlReply {
  readonly state: CallState;
  readonly parties: readonly ControlParty[];
}

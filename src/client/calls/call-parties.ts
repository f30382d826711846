/**
 * Who is on the call now, as this page knows it: what the call said when it rang or was placed
 * (whom it is with, the caller it is about, who consults this leg), then each reading of the call's
 * conference, the newest winning: the answers to this page's own /call-control requests and the
 * messages the Functions send on every change (src/lib/contract/call-messages.ts). So the panel
 * follows the call whoever changed it: after a completed consultation the teammate
 * who took it over is with the caller, not with the teammate who consulted them.
 */
import { CALLER_LABEL, callStateOf, type CallState, type ControlParty } from '../../lib/contract/call-control';

/** What the call says about itself when it starts. */
export interface CallStart {
  /** Whom the call is with at first: a teammate's identity or a phone number. */
  readonly peer: string;
  /** The party the call is about, labelled `caller` in its conference (a phone number, or the teammate who called). */
  readonly caller: string;
  /** The teammate who dialled this leg in to consult (its `consultedBy` parameter). */
  readonly consultedBy?: string;
}

/** One reading of the conference: a /call-control answer (with its state) or a call message (with this party's hold). */
export interface Reading {
  readonly at: number;
  readonly parties: readonly ControlParty[];
  readonly state?: CallState;
  readonly hold?: boolean;
}

/** The call's parties as the page shows them. */
export class CallParties {
  state: CallState = 'talking';
  private parties: readonly ControlParty[] = [];
  private read = false;
  private at = -Infinity;
  /** Once this party has talked with the caller, the call is theirs with the caller. */
  private metCaller: boolean;
  private lastWith: string;

  constructor(private readonly start: CallStart) {
    this.lastWith = start.peer;
    this.metCaller = start.peer === start.caller;
  }

  /** Takes a reading; false (and nothing changes) when it is older than the one shown. */
  apply(reading: Reading): boolean {
    if (reading.at < this.at) return false;
    this.at = reading.at;
    this.read = true;
    this.parties = reading.parties;
    const state = reading.state ?? callStateOf(reading.parties, { hold: reading.hold ?? false, consultedBy: this.start.consultedBy });
    // The caller away ringing a transfer's target leaves nobody connected: the transfer is under way until they are back.
    const away = this.state === 'transferring' && !reading.state && !this.connected().length;
    if (!away) this.state = state;
    const talking = this.talking();
    this.metCaller ||= talking.includes(CALLER_LABEL);
    if (this.metCaller) this.lastWith = this.start.caller;
    else if (talking.length === 1) this.lastWith = this.nameOf(talking[0]);
    return true;
  }

  /** The parties connected now: the caller first, then teammates by name (Twilio lists participants in no set order). */
  private connected(): ControlParty[] {
    const rank = (p: ControlParty) => (p.label === CALLER_LABEL ? '' : p.label);
    return this.parties.filter((p) => p.status === 'connected').sort((a, b) => rank(a).localeCompare(rank(b)));
  }

  /** Labels of the parties this one talks with now (connected, not held), in that order. */
  private talking(): string[] {
    return this.connected()
      .filter((p) => !p.hold)
      .map((p) => p.label);
  }

  /** A party's name: the caller's number (or identity) for `caller`, a teammate's identity otherwise. */
  nameOf(label: string): string {
    return label === CALLER_LABEL ? this.start.caller : label;
  }

  /** Whom the call is with now: the parties talking, else those on hold, else whom it was last with. */
  get with(): string[] {
    if (!this.read) return [this.start.peer];
    const connected = this.connected();
    const talking = connected.filter((p) => !p.hold);
    const shown = talking.length ? talking : connected;
    return shown.length ? shown.map((p) => this.nameOf(p.label)) : [this.lastWith];
  }

  /** The parties on hold, by name. */
  get held(): string[] {
    return this.connected()
      .filter((p) => p.hold)
      .map((p) => this.nameOf(p.label));
  }

  /** The teammate being consulted (talking, or still being rung), in a consultation. */
  get consulted(): { name: string; answered: boolean } | undefined {
    const party = this.parties.find((p) => !p.hold && p.label !== CALLER_LABEL);
    return party && { name: party.label, answered: party.status === 'connected' };
  }

  /** The teammate who consulted this leg has left the call (a completed transfer): they handed it on. */
  get consulterLeft(): boolean {
    return this.read && this.start.consultedBy !== undefined && !this.parties.some((p) => p.label === this.start.consultedBy);
  }
}

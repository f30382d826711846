/**
 * One `<Dial>`: rings every leg at once, first answer wins (the others get `cancel` with their own
 * CallSid), a decline ends the invite on every device of that callee (Twilio's one leg per noun),
 * and settles with Twilio's `DialCallStatus` once the bridge ends, nobody answers within
 * `timeout`, everyone declines, or the caller hangs up.
 */
import type { Leg } from './legs';

export type DialCallStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface DialOutcome {
  status: DialCallStatus;
  /** The leg that answered, if any. */
  winner?: Leg;
  /** Seconds the bridge lasted. */
  duration?: number;
  /** `<Dial record>`: RecordingUrl, RecordingSid, RecordingDuration for the action. */
  recording?: Record<string, string>;
}

/** The call log's note for a settled dial. */
export function dialEndedNote(outcome: DialOutcome): string {
  return `<Dial> ended: ${outcome.status}${outcome.winner ? ` (${outcome.winner.record.to}, ${outcome.duration} s)` : ''}`;
}

export interface DialHooks {
  /** The winner answered with this SDP (none: its media is negotiated already): bridge the caller to it. */
  bridge(winner: Leg, sdp: string | undefined): void;
  /** True once the parent call has ended. */
  parentEnded(): boolean;
}

/** The legs of one `<Dial>` ringing, and the outcome once it settles. */
export class DialRun {
  private winner?: Leg;
  private bridgedAt?: number;
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  readonly outcome: Promise<DialOutcome>;
  private resolve!: (outcome: DialOutcome) => void;

  constructor(
    readonly legs: readonly Leg[],
    timeoutSeconds: number,
    private readonly hooks: DialHooks,
  ) {
    this.outcome = new Promise((resolve) => (this.resolve = resolve));
    this.timer = setTimeout(() => this.settleUnanswered('no-answer'), timeoutSeconds * 1000);
    this.update();
  }

  /** A ringing leg answered. Returns false when it is too late (someone else won). */
  answer(leg: Leg, sdp: string | undefined): boolean {
    if (this.settled || this.winner || leg.status !== 'ringing') return false;
    this.winner = leg;
    this.bridgedAt = Date.now();
    clearTimeout(this.timer);
    leg.markAnswered();
    for (const other of this.legs) if (other !== leg) other.cancel();
    this.hooks.bridge(leg, sdp);
    return true;
  }

  /** Re-examines the legs and the parent after any change. */
  update(): void {
    if (this.settled) return;
    if (this.winner) {
      if (this.winner.status !== 'in-progress' || this.hooks.parentEnded()) {
        this.winner.hangup();
        this.finish({ status: 'completed', winner: this.winner, duration: Math.round((Date.now() - this.bridgedAt!) / 1000) });
      }
      return;
    }
    if (this.hooks.parentEnded()) return this.settleUnanswered('canceled');
    this.withdrawDeclined();
    if (this.legs.every((leg) => leg.status !== 'ringing')) {
      this.settleUnanswered(this.legs.some((leg) => leg.status === 'rejected') ? 'busy' : 'no-answer');
    }
  }

  /**
   * One device declined: Twilio withdraws the invite from that callee's other devices (they get
   * `cancel`) and the callee's leg is busy, while other callees of the dial keep ringing.
   */
  private withdrawDeclined(): void {
    const declined = new Set(this.legs.filter((leg) => leg.status === 'rejected').map((leg) => leg.record.to));
    for (const leg of this.legs) if (declined.has(leg.record.to)) leg.cancel('rejected');
  }

  /**
   * The bridged leg leaves the bridge without being hung up (a REST API redirect of the leg): the
   * dial ends `completed` and the parent goes on to its `action`. False for any other leg.
   */
  release(leg: Leg): boolean {
    if (this.settled || this.winner !== leg) return false;
    this.finish({ status: 'completed', winner: leg, duration: Math.round((Date.now() - this.bridgedAt!) / 1000) });
    return true;
  }

  /** Ends the dial early, e.g. when the simulator stops. */
  abort(): void {
    this.settleUnanswered('canceled');
  }

  private settleUnanswered(status: DialCallStatus): void {
    if (this.settled || this.winner) return;
    for (const leg of this.legs) leg.cancel(status === 'no-answer' ? 'no-answer' : 'canceled');
    this.finish({ status });
  }

  private finish(outcome: DialOutcome): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(outcome);
  }
}

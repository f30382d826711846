/**
 * Counting attempts that must all be refused (forged webhooks, strangers asking for a token): each
 * outcome is recorded as it is seen, before anything is asserted about it, and the tally is
 * checked at the end. So "refused N/N" reports what happened, a miss shows as "refused N-1/N"
 * with its name, and a test that forgot to attempt anything fails too.
 */
export class RefusalTally {
  private readonly outcomes: { what: string; refused: boolean; seen: string }[] = [];

  /** `label` names the attempts in the summary, e.g. "forged webhooks". */
  constructor(private readonly label: string) {}

  /** Records one attempt: `what` was tried, `refused` is the verdict, `seen` what came back. */
  record(what: string, refused: boolean, seen: string): void {
    this.outcomes.push({ what, refused, seen });
  }

  get attempts(): number {
    return this.outcomes.length;
  }

  /** E.g. "forged webhooks refused 84/84". */
  summary(): string {
    return `${this.label} refused ${this.outcomes.filter((outcome) => outcome.refused).length}/${this.attempts}`;
  }

  /**
   * Throws unless every attempt was refused and there were `expected` of them (at least one when
   * not given), listing each attempt that got through and what it got.
   */
  assertAllRefused(expected?: number): void {
    const missed = this.outcomes.filter((outcome) => !outcome.refused).map(({ what, seen }) => `  ${what.slice(0, 300)} → ${seen.slice(0, 200)}`);
    const problems = [
      ...(expected === undefined ? (this.attempts === 0 ? ['no attempt was made'] : []) : this.attempts === expected ? [] : [`${this.attempts} attempts made, ${expected} expected`]),
      ...(missed.length ? [`not refused:\n${missed.join('\n')}`] : []),
    ];
    if (problems.length) throw new Error(`${this.summary()}: ${problems.join('; ')}`);
  }
}

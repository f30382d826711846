/**
 * Do-not-disturb belongs to the person: a field of their `team` Item (`dnd`: on, and since when),
 * the same in every browser they use and kept across sign-outs.
 */

/** The field in a person's `team` Item. */
export interface DoNotDisturbField {
  readonly on: boolean;
  /** Epoch seconds (Sync's clock of the write) when it was last switched. */
  readonly since: number;
}

/** True when `person` (the data of a `team` Item, or undefined) has do-not-disturb on. */
export function dndOf(person: unknown): boolean {
  const dnd = typeof person === 'object' && person !== null ? (person as { dnd?: unknown }).dnd : undefined;
  return typeof dnd === 'object' && dnd !== null && (dnd as DoNotDisturbField).on === true;
}

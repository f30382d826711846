/**
 * The team's voicemail as this page knows it: the messages of the last answer (newest first),
 * each with the team's marks as the server keeps them (played by me, handled by whom), which of
 * them I have not played (the badge), and which arrived since the last answer (what a hidden tab
 * notifies about). A message played here counts as played at once, while the server records it:
 * nothing is kept in this browser alone, so every browser of mine agrees after its next answer.
 */
import type { HandledMark, Voicemail, VoicemailList } from '../../lib/contract/voicemail';

export class VoicemailBox {
  private current: Voicemail[] = [];
  private loaded = false;
  private kept = false;
  /** Played here; the server's answers do not say so yet. */
  private readonly playedHere = new Set<string>();

  /** The messages, newest first. */
  get messages(): readonly Voicemail[] {
    return this.current;
  }

  /** False when the server keeps no marks (no team store): the page shows none. */
  get marks(): boolean {
    return this.kept;
  }

  /**
   * Takes a new answer from the server; returns the messages that were not there before
   * (none on the first answer: what was already waiting at sign-in is counted, not announced).
   */
  update(list: VoicemailList): Voicemail[] {
    const known = new Set(this.current.map((message) => message.id));
    const fresh = this.loaded ? list.messages.filter((message) => !known.has(message.id)) : [];
    this.current = [...list.messages].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    this.loaded = true;
    this.kept = list.marks;
    for (const id of this.playedHere) if (this.current.find((message) => message.id === id)?.played !== false) this.playedHere.delete(id);
    return fresh;
  }

  /** True when I have not played `id` yet (never, when no marks are kept). */
  isNew(id: string): boolean {
    return this.kept && !this.playedHere.has(id) && this.current.find((message) => message.id === id)?.played === false;
  }

  /** How many messages I have not played. */
  unplayed(): number {
    return this.current.filter((message) => this.isNew(message.id)).length;
  }

  /** I played `id`: it counts as played while the server records it (`notPlayed` takes it back). */
  markPlayed(id: string): void {
    this.playedHere.add(id);
  }

  /** The server did not record the play: the message is new again. */
  notPlayed(id: string): void {
    this.playedHere.delete(id);
  }

  /** The handled mark of `id` as the server answered a change of it (null: not handled). */
  setHandled(id: string, mark: HandledMark | null): void {
    this.current = this.current.map((message) => {
      if (message.id !== id) return message;
      const { handled: _old, ...rest } = message;
      return mark ? { ...rest, handled: mark } : rest;
    });
  }

  /** Takes a deleted message off at once, before the next answer confirms it. */
  remove(id: string): void {
    this.current = this.current.filter((message) => message.id !== id);
  }
}

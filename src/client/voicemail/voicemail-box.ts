/**
 * The team's voicemail as this page knows it: the messages of the last answer (newest first),
 * which of them this person has not played (the badge), and which arrived since the last
 * answer (what a hidden tab notifies about).
 */
import type { PlayedMessages } from './played-messages';
import type { Voicemail } from '../../lib/contract/voicemail';

export class VoicemailBox {
  private current: Voicemail[] = [];
  private loaded = false;

  constructor(private readonly played: PlayedMessages) {}

  /** The messages, newest first. */
  get messages(): readonly Voicemail[] {
    return this.current;
  }

  /**
   * Takes a new answer from the server; returns the messages that were not there before
   * (none on the first answer: what was already waiting at sign-in is counted, not announced).
   */
  update(messages: readonly Voicemail[]): Voicemail[] {
    const known = new Set(this.current.map((message) => message.id));
    const fresh = this.loaded ? messages.filter((message) => !known.has(message.id)) : [];
    this.current = [...messages].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    this.loaded = true;
    this.played.keepOnly(this.current.map((message) => message.id));
    return fresh;
  }

  /** True when this person has not played `id` yet. */
  isNew(id: string): boolean {
    return !this.played.has(id);
  }

  /** How many messages this person has not played. */
  unplayed(): number {
    const played = this.played.ids();
    return this.current.filter((message) => !played.has(message.id)).length;
  }

  markPlayed(id: string): void {
    this.played.add(id);
  }

  /** Takes a deleted message off at once, before the next answer confirms it. */
  remove(id: string): void {
    this.current = this.current.filter((message) => message.id !== id);
  }
}

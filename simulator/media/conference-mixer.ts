/**
 * `<Conference>`'s mixer, as Twilio's media servers mix: on the shared 20 ms clock each member
 * hears the sum of the other members who speak (never itself; silence when none does), or instead
 * a sound of its own (wait or hold music, an announcement); sounds for everyone (the entry/exit
 * beep) are added to every mix. Each member's outgoing audio goes through its endpoint's one RTP numbering.
 */
import { FRAME_SAMPLES, mixPcm } from './audio/pcm';
import type { FrameClock } from './frame-clock';
import type { LegMedia } from './leg-media';

/** Frames of a member's speech kept waiting for the clock: more would only add delay. */
const MAX_QUEUED_FRAMES = 3;
/**
 * What a member hears while nobody else speaks (alone, or with everyone else held or muted): Twilio's
 * conference keeps every leg's media flowing, so the Voice SDK never sees its inbound audio stop
 * (it would warn `low-bytes-received` and try to reconnect the media).
 */
const SILENCE = new Int16Array(FRAME_SAMPLES);

/** A sound played frame by frame, `loops` times (Infinity: until replaced). */
export class LoopedSound {
  private offset = 0;
  private remaining: number;

  constructor(
    private readonly pcm: Int16Array,
    loops = 1,
  ) {
    this.remaining = pcm.length ? loops : 0;
  }

  /** The next 20 ms, or undefined once it has played out. */
  next(): Int16Array | undefined {
    if (this.remaining <= 0) return undefined;
    const frame = new Int16Array(FRAME_SAMPLES);
    frame.set(this.pcm.subarray(this.offset, this.offset + FRAME_SAMPLES));
    this.offset += FRAME_SAMPLES;
    if (this.offset >= this.pcm.length) {
      this.offset = 0;
      this.remaining--;
    }
    return frame;
  }
}

interface Member {
  media: LegMedia;
  queue: Int16Array[];
  speaking: boolean;
  /** Heard instead of the mix while set. */
  sound?: LoopedSound;
  stopListening: () => void;
}

/** Mixes the audio of a conference's members on the shared clock. */
export class ConferenceMixer {
  private readonly members = new Map<string, Member>();
  private readonly overlays: LoopedSound[] = [];
  private readonly taps = new Set<(mix: Int16Array) => void>();
  private stopClock?: () => void;

  constructor(private readonly clock: FrameClock) {}

  /** Adds a member (speaking, hearing the mix) until `remove`. */
  add(id: string, media: LegMedia): void {
    this.remove(id);
    media.stopPlayback();
    const member: Member = { media, queue: [], speaking: true, stopListening: () => undefined };
    member.stopListening = media.endpoint.onAudio((pcm) => {
      member.queue.push(pcm);
      if (member.queue.length > MAX_QUEUED_FRAMES) member.queue.shift();
    });
    this.members.set(id, member);
    this.stopClock ??= this.clock.subscribe(() => this.tick());
  }

  remove(id: string): void {
    const member = this.members.get(id);
    if (!member) return;
    member.stopListening();
    this.members.delete(id);
    if (!this.members.size) this.close();
  }

  /** Whether the others hear this member (not while muted or held). */
  setSpeaking(id: string, speaking: boolean): void {
    const member = this.members.get(id);
    if (member) member.speaking = speaking;
  }

  /** What the member hears instead of the mix (undefined: the mix again). */
  setSound(id: string, sound: LoopedSound | undefined): void {
    const member = this.members.get(id);
    if (member) member.sound = sound;
  }

  /** Plays `pcm` once into every member's mix (a beep). */
  overlay(pcm: Int16Array): void {
    this.overlays.push(new LoopedSound(pcm));
  }

  /** Calls `listener` with every tick's mix of all speaking members (a recording). */
  tap(listener: (mix: Int16Array) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  get size(): number {
    return this.members.size;
  }

  /** Stops mixing. */
  close(): void {
    for (const member of this.members.values()) member.stopListening();
    this.members.clear();
    this.stopClock?.();
    this.stopClock = undefined;
  }

  private tick(): void {
    const spoken = new Map<string, Int16Array>();
    for (const [id, member] of this.members) {
      const frame = member.queue.shift();
      if (frame && member.speaking) spoken.set(id, frame);
    }
    const overlay: Int16Array[] = [];
    for (const sound of [...this.overlays]) {
      const frame = sound.next();
      if (frame) overlay.push(frame);
      else this.overlays.splice(this.overlays.indexOf(sound), 1);
    }
    if (this.taps.size) {
      const all = [...spoken.values(), ...overlay];
      const mix = all.length ? mixPcm(...all) : new Int16Array(FRAME_SAMPLES);
      for (const tap of this.taps) tap(mix);
    }
    for (const [id, member] of this.members) {
      if (member.sound) {
        const frame = member.sound.next();
        if (frame) member.media.endpoint.sendAudio(frame);
        else member.sound = undefined;
        continue;
      }
      const parts = [...overlay, ...[...spoken].filter(([from]) => from !== id).map(([, frame]) => frame)];
      member.media.endpoint.sendAudio(parts.length > 1 ? mixPcm(...parts) : (parts[0] ?? SILENCE));
    }
  }
}

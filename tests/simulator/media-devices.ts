/**
 * Protocol-level devices with real media for Node tests: a PStream client per identity and werift
 * endpoints in the test process (loopback only) standing in for the browsers' audio, with what
 * they hear measured by the audio toolkit.
 */
import type { Simulator } from '../../simulator';
import { audioEnergy, toneLevel } from '../../simulator/media/audio/energy';
import { concatPcm } from '../../simulator/media/audio/pcm';
import type { LegMedia } from '../../simulator/media/leg-media';
import { MediaPlane } from '../../simulator/media/media-plane';
import { PStreamClient, type Frame } from '../support/pstream-client';
import { tokenFor } from './helpers';

/** The devices and endpoints of one test file; `cleanUp` after each test, `close` after all. */
export class MediaDevices {
  private readonly sockets: PStreamClient[] = [];
  private readonly ends: LegMedia[] = [];

  private constructor(
    private readonly sim: Simulator,
    private readonly plane: MediaPlane,
  ) {}

  static async start(sim: Simulator): Promise<MediaDevices> {
    return new MediaDevices(sim, await MediaPlane.start({ loopback: true }));
  }

  /** A registered device of `identity`. */
  async device(identity: string): Promise<PStreamClient> {
    const socket = await PStreamClient.registered(this.sim.url, tokenFor(this.sim, identity));
    this.sockets.push(socket);
    return socket;
  }

  /** A fresh endpoint of the test's own media plane. */
  endpoint(): LegMedia {
    const end = this.plane.leg();
    this.ends.push(end);
    return end;
  }

  /** Answers the next invite `socket` gets (matching `where`) with an endpoint of its own. */
  async answer(socket: PStreamClient, where: (payload: Frame['payload']) => boolean = () => true): Promise<{ media: LegMedia; sid: string }> {
    const invite = await socket.next('invite', where, 10_000);
    const media = this.endpoint();
    socket.send('answer', { callsid: invite.callsid, sdp: await media.endpoint.answer(invite.sdp) });
    return { media, sid: invite.callsid as string };
  }

  /** `identity` calls the TwiML App (`params` as the SDK's query string) with an endpoint; resolves once answered. */
  async call(identity: string, params = 'To=team'): Promise<{ socket: PStreamClient; media: LegMedia; sid: string }> {
    const socket = await this.device(identity);
    const media = this.endpoint();
    socket.send('invite', { callsid: `TJS${Math.random().toString(16).slice(2)}`, sdp: await media.endpoint.offer(), twilio: { params } });
    const answer = await socket.next('answer', () => true, 10_000);
    await media.endpoint.accept(answer.sdp);
    return { socket, media, sid: answer.callsid as string };
  }

  cleanUp(): void {
    for (const socket of this.sockets.splice(0)) socket.close();
    for (const end of this.ends.splice(0)) end.close();
  }

  close(): void {
    this.cleanUp();
    this.plane.close();
  }
}

/** Milliseconds of sound (not silence) `media` hears until `until` settles. */
export async function soundHeardUntil(media: LegMedia, until: Promise<unknown>): Promise<number> {
  return audioEnergy(await heardUntil(media, until)).activeMs;
}

/** Everything `media` hears until `until` settles, as 8 kHz PCM. */
export async function heardUntil(media: LegMedia, until: Promise<unknown>): Promise<Int16Array> {
  const frames: Int16Array[] = [];
  const stop = media.endpoint.onAudio((pcm) => frames.push(pcm));
  await until;
  stop();
  return concatPcm(...frames);
}

/** Amplitude of `hz` over the last 100 ms `media` heard, watched until it reaches `level` or `ms` pass; the highest seen. */
export async function toneHeard(media: LegMedia, hz: number, level: number, ms = 10_000, keepSending: () => Promise<unknown> = () => new Promise((r) => setTimeout(r, 100))): Promise<number> {
  const recent: Int16Array[] = [];
  let loudest = 0;
  const stop = media.endpoint.onAudio((pcm) => {
    recent.push(pcm);
    if (recent.length > 5) recent.shift();
    loudest = Math.max(loudest, toneLevel(concatPcm(...recent), hz));
  });
  const deadline = Date.now() + ms;
  while (loudest < level && Date.now() < deadline) await keepSending();
  stop();
  return loudest;
}

/**
 * The simulator's media servers: makes every leg's endpoint with one DTLS certificate (made
 * once at startup: the first call would otherwise wait for it) and one playout clock, and closes
 * whatever is still open when the simulator stops.
 */
import { RTCDtlsTransport } from 'werift';
import { SpeechSynth } from './audio/speech';
import { FrameClock } from './frame-clock';
import { LegMedia } from './leg-media';
import { MediaEndpoint, type EndpointNetwork } from './media-endpoint';
import { StunResponder } from './stun-responder';

/** The media plane of one simulator. */
export class MediaPlane {
  readonly clock = new FrameClock();
  /** `<Say>`'s voice, one per simulator so its cache serves every call. */
  readonly speech = new SpeechSynth();
  private readonly open = new Set<LegMedia>();

  private constructor(
    private readonly network: EndpointNetwork,
    private readonly stun: StunResponder,
  ) {}

  /** Makes the DTLS certificate and the STUN server, then the plane. */
  static async start(options: { loopback: boolean }): Promise<MediaPlane> {
    const [stun] = await Promise.all([StunResponder.start(), RTCDtlsTransport.SetupCertificate()]);
    return new MediaPlane({ loopback: options.loopback, stunUrl: stun.url }, stun);
  }

  /** A new leg's media; closed with the leg, or with the plane. */
  leg(): LegMedia {
    const media = new LegMedia(new MediaEndpoint(this.network), this.clock, () => this.open.delete(media));
    this.open.add(media);
    return media;
  }

  /** Legs with media still open. */
  get openLegs(): number {
    return this.open.size;
  }

  /** The local ICE addresses of every connected leg (tests check browsers talk to these, not to each other). */
  connectedAddresses(): { address: string; port: number }[] {
    return [...this.open].flatMap((media) => media.endpoint.selectedPair()?.local ?? []);
  }

  /** Closes every leg's media and the STUN server. */
  close(): void {
    for (const media of [...this.open]) media.close();
    this.stun.close();
  }
}

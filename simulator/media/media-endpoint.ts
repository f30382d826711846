/**
 * One leg's media at the simulator, as at Twilio's media servers: a werift RTCPeerConnection
 * speaking PCMU, Opus and telephone-event/8000 with full ICE. It answers a caller's offer or makes
 * the offer for a dialled device, sends audio and telephone-events through one RTP numbering in
 * the codec the negotiation chose, and reports the audio packets (decoded to 8 kHz PCM on demand)
 * and telephone-events it receives.
 */
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, type PeerConfig, type RTCRtpSender } from 'werift';
import { CLOCK_RATE, LegCodecs, OPUS_PAYLOAD_TYPE, PCMU_PAYLOAD_TYPE, type CodecName } from './audio-codecs';
import { SAMPLE_RATE } from './audio/pcm';
import { firstAudioPayloadType, isLoopbackAddress, loopbackOnly, NO_MEDIA_SDP, payloadTypeOf, telephonyOnly } from './sdp';
import { RtpStream } from './rtp-stream';

/** One received audio packet: its codec, its bytes, and its audio (decoded once, when asked for). */
export interface AudioPacket {
  codec: CodecName;
  payload: Buffer;
  pcm(): Int16Array;
}

/** Payload type the simulator offers telephone-event/8000 on (the SDK's own choice for it). */
const OFFERED_TELEPHONE_EVENT = 101;
/** How long making or answering an offer may take before the leg goes on without media. */
const NEGOTIATION_TIMEOUT_MS = 5000;

/** Where an endpoint may send and receive packets. */
export interface EndpointNetwork {
  /** SIM_MEDIA_LOOPBACK=1: only 127.0.0.1 candidates, every other remote candidate ignored. */
  loopback: boolean;
  /** The simulator's own STUN server (`stun:127.0.0.1:…`), so werift never asks one elsewhere. */
  stunUrl: string;
}

/** The local and remote address of the ICE pair a connected endpoint uses. */
export interface SelectedPair {
  local: { address: string; port: number };
  remote: { address: string; port: number };
}

function peerConfig(network: EndpointNetwork): Partial<PeerConfig> {
  const codecs = {
    audio: [
      new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: PCMU_PAYLOAD_TYPE }),
      new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: OPUS_PAYLOAD_TYPE }),
      new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, payloadType: OFFERED_TELEPHONE_EVENT }),
    ],
  };
  // werift asks Google's STUN server unless given another: ours, on loopback, answers at once.
  const base = { codecs, iceServers: [{ urls: network.stunUrl }] };
  if (!network.loopback) return base;
  return {
    ...base,
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceFilterCandidatePair: (pair) => isLoopbackAddress(pair.remoteCandidate.host),
    // A browser also checks from its other host addresses; unanswered, it settles on loopback.
    iceFilterStunResponse: (_message, address) => isLoopbackAddress(address[0]),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`media negotiation took longer than ${ms} ms`)), ms);
    promise.finally(() => clearTimeout(timer)).then(resolve, reject);
  });
}

/** A leg's WebRTC endpoint. Negotiation never throws: a failed one leaves an endpoint without media. */
export class MediaEndpoint {
  private readonly pc: RTCPeerConnection;
  private readonly sender: RTCRtpSender;
  /** The numbering of what this leg sends, made with the first packet (its clock is the codec's). */
  private stream?: RtpStream;
  private readonly codecs = new LegCodecs();
  private remoteTelephoneEvent?: number;
  private remoteOpus?: number;
  /** The first codec of the other side's description that the simulator speaks: its preference. */
  private preferred: CodecName = 'PCMU';
  private closed = false;
  private readonly packetListeners = new Set<(packet: AudioPacket) => void>();
  private readonly sentListeners = new Set<(pcm: Int16Array) => void>();
  /** Decodes what the leg is sent, for `onSent` (Opus keeps its state per direction). */
  private readonly sentCodecs = new LegCodecs();
  private readonly eventListeners = new Set<(payload: Buffer, timestamp: number) => void>();

  constructor(private readonly network: EndpointNetwork) {
    this.pc = new RTCPeerConnection(peerConfig(network));
    this.sender = this.pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction: 'sendrecv' }).sender;
    this.pc.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe(({ header, payload }) => {
        if (header.payloadType === PCMU_PAYLOAD_TYPE) this.received('PCMU', payload);
        else if (header.payloadType === this.remoteOpus) this.received('opus', payload);
        else if (header.payloadType === this.remoteTelephoneEvent) for (const listener of this.eventListeners) listener(payload, header.timestamp);
      }),
    );
  }

  /** The answer to a caller's offer, candidates included; a media-less SDP when the offer is unusable. */
  async answer(offerSdp: string): Promise<string> {
    try {
      return await withTimeout(this.negotiateAnswer(offerSdp), NEGOTIATION_TIMEOUT_MS);
    } catch {
      return NO_MEDIA_SDP;
    }
  }

  /** An offer for a dialled device, candidates included (the SDK never trickles). */
  async offer(): Promise<string> {
    try {
      return await withTimeout(this.negotiateOffer(), NEGOTIATION_TIMEOUT_MS);
    } catch {
      return NO_MEDIA_SDP;
    }
  }

  /** The dialled device's answer to `offer()`; an unusable one leaves the leg without media. */
  async accept(answerSdp: string): Promise<void> {
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: this.remote(answerSdp) });
    } catch {
      // A protocol-level client without working media still gets its call (docs/simulator-media.md).
    }
  }

  /** Calls `listener` with each received audio packet until the returned function is called. */
  onPacket(listener: (packet: AudioPacket) => void): () => void {
    this.packetListeners.add(listener);
    return () => this.packetListeners.delete(listener);
  }

  /** Calls `listener` with the audio of each received packet, as 8 kHz PCM, until the returned function is called. */
  onAudio(listener: (pcm: Int16Array) => void): () => void {
    return this.onPacket((packet) => listener(packet.pcm()));
  }

  /** The codec this leg sends: the other side's preferred one (PCMU until negotiated). */
  get codec(): CodecName {
    return this.preferred;
  }

  /**
   * Calls `listener` with the audio of each packet sent to the leg, as 8 kHz PCM (what its party
   * hears: a bridge, a conference, a sound) until the returned function is called: a recording's
   * outbound track.
   */
  onSent(listener: (pcm: Int16Array) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** Calls `listener` with each received RFC 4733 telephone-event payload and its RTP timestamp. */
  onTelephoneEvent(listener: (payload: Buffer, timestamp: number) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** True when negotiation gave the leg an audio stream (a protocol-level client's SDP may not). */
  get hasMedia(): boolean {
    return /^m=audio [1-9]/m.test(this.pc.localDescription?.sdp ?? '') && /^m=audio/m.test(this.pc.remoteDescription?.sdp ?? '');
  }

  /** True once ICE and DTLS are up. */
  get connected(): boolean {
    return this.pc.connectionState === 'connected';
  }

  /** Sends one 20 ms frame of 8 kHz PCM (160 samples), encoded in the leg's codec. */
  sendAudio(frame: Int16Array): void {
    if (this.connected) this.sendPayload(this.codecs.encode(this.codec, frame));
  }

  /**
   * Sends one 20 ms packet already in the leg's codec (a relayed one). Packets go to the transport
   * with a header of our own: werift would stamp them with the first codec of its own list, not
   * with the one the other side prefers.
   */
  sendPayload(payload: Buffer): void {
    if (!this.connected) return;
    const codec = this.codec;
    if (this.sentListeners.size) {
      const pcm = this.sentCodecs.decode(codec, payload);
      for (const listener of this.sentListeners) listener(pcm);
    }
    const stamp = this.numbering().nextAudio(CLOCK_RATE[codec] / 50);
    const payloadType = codec === 'opus' ? (this.remoteOpus ?? OPUS_PAYLOAD_TYPE) : PCMU_PAYLOAD_TYPE;
    void this.sender.dtlsTransport.sendRtp(payload, new RtpHeader({ ...stamp, payloadType, ssrc: this.sender.ssrc })).catch(() => undefined);
  }

  /**
   * Sends one telephone-event packet in the track's numbering: werift rewrites every payload type
   * to the audio codec's, so events go to the transport with a header of our own.
   */
  sendTelephoneEvent(payload: Buffer, first: boolean, eventSamples: number): void {
    if (!this.connected || this.remoteTelephoneEvent === undefined) return;
    // The event counts at 8 kHz (telephone-event/8000); the stream at its codec's clock.
    const stamp = this.numbering().nextEvent(first, (eventSamples * CLOCK_RATE[this.codec]) / SAMPLE_RATE);
    const header = new RtpHeader({ ...stamp, payloadType: this.remoteTelephoneEvent, ssrc: this.sender.ssrc });
    void this.sender.dtlsTransport.sendRtp(payload, header).catch(() => undefined);
  }

  /** The ICE pair in use, once connected (tests compare it with what the browser reports). */
  selectedPair(): SelectedPair | undefined {
    const pair = this.pc.iceTransports[0]?.connection.nominated;
    if (!pair) return undefined;
    return {
      local: { address: pair.localCandidate.host, port: pair.localCandidate.port },
      remote: { address: pair.remoteCandidate.host, port: pair.remoteCandidate.port },
    };
  }

  /** Closes the peer connection and its socket; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.packetListeners.clear();
    this.sentListeners.clear();
    this.eventListeners.clear();
    this.codecs.close();
    this.sentCodecs.close();
    void this.pc.close().catch(() => undefined);
  }

  private received(codec: CodecName, payload: Buffer): void {
    if (!this.packetListeners.size) return;
    let pcm: Int16Array | undefined;
    const packet: AudioPacket = { codec, payload, pcm: () => (pcm ??= this.codecs.decode(codec, payload)) };
    for (const listener of this.packetListeners) listener(packet);
  }

  private numbering(): RtpStream {
    this.stream ??= new RtpStream(CLOCK_RATE[this.codec]);
    return this.stream;
  }

  private remote(sdp: string): string {
    const filtered = telephonyOnly(sdp);
    this.remoteTelephoneEvent = payloadTypeOf(filtered, 'telephone-event/8000');
    this.remoteOpus = payloadTypeOf(filtered, 'opus/48000');
    this.preferred = firstAudioPayloadType(filtered) === this.remoteOpus ? 'opus' : 'PCMU';
    return this.network.loopback ? loopbackOnly(filtered) : filtered;
  }

  private async negotiateAnswer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: this.remote(offerSdp) });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.pc.localDescription!.sdp;
  }

  private async negotiateOffer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.pc.localDescription!.sdp;
  }
}

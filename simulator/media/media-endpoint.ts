/**
 * One leg's media at the simulator, as at Twilio's media servers: a werift RTCPeerConnection
 * speaking PCMU + telephone-event/8000 with full ICE. It answers a caller's offer or makes the
 * offer for a dialled device, sends audio frames and telephone-events through one RTP numbering,
 * and reports the µ-law frames and telephone-events it receives.
 */
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket, type PeerConfig, type RTCRtpSender } from 'werift';
import { isLoopbackAddress, loopbackOnly, NO_MEDIA_SDP, payloadTypeOf, telephonyOnly } from './sdp';
import { RtpStream } from './rtp-stream';

/** Static payload type of PCMU. */
const PCMU = 0;
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
      new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: PCMU }),
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
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** A leg's WebRTC endpoint. Negotiation never throws: a failed one leaves an endpoint without media. */
export class MediaEndpoint {
  private readonly pc: RTCPeerConnection;
  private readonly sender: RTCRtpSender;
  private readonly stream = new RtpStream();
  private remoteTelephoneEvent?: number;
  private closed = false;
  private readonly audioListeners = new Set<(payload: Buffer) => void>();
  private readonly sentListeners = new Set<(payload: Buffer) => void>();
  private readonly eventListeners = new Set<(payload: Buffer, timestamp: number) => void>();

  constructor(private readonly network: EndpointNetwork) {
    this.pc = new RTCPeerConnection(peerConfig(network));
    this.sender = this.pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction: 'sendrecv' }).sender;
    this.pc.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe(({ header, payload }) => {
        if (header.payloadType === PCMU) for (const listener of this.audioListeners) listener(payload);
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

  /** Calls `listener` with each received PCMU payload (one byte per sample) until the returned function is called. */
  onAudio(listener: (payload: Buffer) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  /**
   * Calls `listener` with each PCMU payload sent to the leg (what its party hears: a bridge, a
   * conference, a sound) until the returned function is called: a recording's outbound track.
   */
  onSent(listener: (payload: Buffer) => void): () => void {
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

  /** Sends one frame of PCMU (160 bytes = 20 ms). */
  sendAudio(payload: Buffer): void {
    if (!this.connected) return;
    for (const listener of this.sentListeners) listener(payload);
    const stamp = this.stream.nextAudio(payload.length);
    void this.sender.sendRtp(new RtpPacket(new RtpHeader({ ...stamp, payloadType: PCMU }), payload)).catch(() => undefined);
  }

  /**
   * Sends one telephone-event packet in the track's numbering: werift rewrites every payload type
   * to the audio codec's, so events go to the transport with a header of our own.
   */
  sendTelephoneEvent(payload: Buffer, first: boolean, eventSamples: number): void {
    if (!this.connected || this.remoteTelephoneEvent === undefined) return;
    const stamp = this.stream.nextEvent(first, eventSamples);
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
    this.audioListeners.clear();
    this.sentListeners.clear();
    this.eventListeners.clear();
    void this.pc.close().catch(() => undefined);
  }

  private remote(sdp: string): string {
    const filtered = telephonyOnly(sdp);
    this.remoteTelephoneEvent = payloadTypeOf(filtered, 'telephone-event/8000');
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

/**
 * `<Dial>`'s bridge: relays two endpoints' audio to each other packet by packet as it arrives
 * (no jitter buffer: loopback has no jitter worth the delay), each packet re-numbered into the
 * receiving track's own RTP space; telephone-events are re-emitted the same way. A packet in the
 * codec the other leg speaks passes as it is (Opus between two browsers that prefer it); any
 * other is decoded and encoded again in the other leg's codec.
 */
import type { MediaEndpoint } from './media-endpoint';

/** Relays `from`'s audio and telephone-events into `to`; returns the function that stops it. */
function relay(from: MediaEndpoint, to: MediaEndpoint): () => void {
  let lastEventTimestamp: number | undefined;
  const stopAudio = from.onPacket((packet) => (packet.codec === to.codec ? to.sendPayload(packet.payload) : to.sendAudio(packet.pcm())));
  const stopEvents = from.onTelephoneEvent((payload, timestamp) => {
    const first = timestamp !== lastEventTimestamp;
    lastEventTimestamp = timestamp;
    // Duration so far (bytes 2–3) counts as the event's length in the receiving numbering.
    to.sendTelephoneEvent(payload, first, payload.length >= 4 ? payload.readUInt16BE(2) : 0);
  });
  return () => {
    stopAudio();
    stopEvents();
  };
}

/** Connects two legs' media both ways; returns the function that disconnects them. */
export function bridge(a: MediaEndpoint, b: MediaEndpoint): () => void {
  const stops = [relay(a, b), relay(b, a)];
  return () => stops.forEach((stop) => stop());
}

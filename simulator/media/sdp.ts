/**
 * SDP edits the simulator makes before werift reads a browser's description (docs/simulator-media.md): werift
 * matches codecs by MIME type alone, so only PCMU, Opus and `telephone-event/8000` may remain; in
 * loopback mode every candidate that is not on 127.0.0.1 is dropped so no packet leaves the machine.
 */

/** Codecs the simulator's media servers speak, as `rtpmap` encodings. */
const TELEPHONY_CODECS = new Set(['pcmu/8000', 'opus/48000', 'telephone-event/8000']);

/** The payload types of an `m=audio` line's `rtpmap`s that the simulator speaks. */
function keptPayloadTypes(lines: string[]): Set<string> {
  const kept = new Set<string>();
  for (const line of lines) {
    const match = /^a=rtpmap:(\d+) ([^/\s]+\/\d+)/.exec(line);
    if (match && TELEPHONY_CODECS.has(match[2].toLowerCase())) kept.add(match[1]);
  }
  // Static payload type 0 is PCMU even without an rtpmap.
  if (lines.some((line) => /^m=audio \d+ \S+ (.* )?0( |$)/.test(line))) kept.add('0');
  return kept;
}

/** `sdp` with every audio codec but PCMU, Opus and telephone-event/8000 removed. */
export function telephonyOnly(sdp: string): string {
  const lines = sdp.split(/\r?\n/).filter((line) => line !== '');
  const kept = keptPayloadTypes(lines);
  const out: string[] = [];
  for (const line of lines) {
    const media = /^(m=audio \d+ \S+)((?: \d+)*)$/.exec(line);
    if (media) {
      out.push(
        `${media[1]} ${media[2]
          .trim()
          .split(' ')
          .filter((pt) => kept.has(pt))
          .join(' ')}`.trimEnd(),
      );
      continue;
    }
    const attribute = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(line);
    if (attribute && !kept.has(attribute[1])) continue;
    out.push(line);
  }
  return `${out.join('\r\n')}\r\n`;
}

/** True for an IPv4 or IPv6 loopback address. */
export function isLoopbackAddress(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

/** `sdp` without any ICE candidate on a non-loopback address. */
export function loopbackOnly(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => {
      const candidate = /^a=candidate:\S+ \d+ \S+ \d+ (\S+) /.exec(line);
      return !candidate || isLoopbackAddress(candidate[1]);
    })
    .join('\r\n');
}

/** The audio payload type of `encoding` (e.g. telephone-event/8000) in an SDP, if offered. */
export function payloadTypeOf(sdp: string, encoding: string): number | undefined {
  const match = new RegExp(`^a=rtpmap:(\\d+) ${encoding.replace('/', '\\/')}`, 'im').exec(sdp);
  return match ? Number(match[1]) : undefined;
}

/** The first payload type of the `m=audio` line: the codec its sender prefers (the Voice SDK puts its `codecPreferences` first). */
export function firstAudioPayloadType(sdp: string): number | undefined {
  const match = /^m=audio \d+ \S+ (\d+)/m.exec(sdp);
  return match ? Number(match[1]) : undefined;
}

/** A description with no media, answered when an offer cannot be: signaling goes on without audio. */
export const NO_MEDIA_SDP = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

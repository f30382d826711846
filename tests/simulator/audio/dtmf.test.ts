import { decodeTelephoneEvent, digitToEvent, DtmfReceiver, encodeTelephoneEvent, eventToDigit, telephoneEventPackets } from '../../../simulator/media/audio/dtmf';

/** Collects the digits a receiver reports. */
function receiver(): { feed: DtmfReceiver['feed']; flush: () => void; digits: string[] } {
  const digits: string[] = [];
  const dtmf = new DtmfReceiver((digit) => digits.push(digit));
  return { feed: (payload, timestamp) => dtmf.feed(payload, timestamp), flush: () => dtmf.flush(), digits };
}

describe('telephone-event payload', () => {
  it('encodes and decodes the RFC 4733 layout: "5", end, -10 dBm0, 800 samples', () => {
    const bytes = Buffer.from([0x05, 0x8a, 0x03, 0x20]);
    expect(decodeTelephoneEvent(bytes)).toEqual({ event: 5, end: true, volume: 10, duration: 800 });
    expect(encodeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 })).toEqual(bytes);
    expect(encodeTelephoneEvent({ event: 11, end: false, volume: 63, duration: 65535 })).toEqual(Buffer.from([0x0b, 0x3f, 0xff, 0xff]));
    // The reserved bit is not part of the volume.
    expect(decodeTelephoneEvent(Buffer.from([0x0a, 0x4a, 0x00, 0xa0]))).toEqual({ event: 10, end: false, volume: 10, duration: 160 });
  });

  it('refuses out-of-range fields and ignores short payloads', () => {
    expect(() => encodeTelephoneEvent({ event: 256, end: false, volume: 10, duration: 0 })).toThrow(RangeError);
    expect(() => encodeTelephoneEvent({ event: 1, end: false, volume: 64, duration: 0 })).toThrow(/volume/);
    expect(() => encodeTelephoneEvent({ event: 1, end: false, volume: 1, duration: 70000 })).toThrow(/duration/);
    expect(decodeTelephoneEvent(Buffer.from([1, 2, 3]))).toBeUndefined();
  });

  it('maps events and keys: 0-9, 10 = *, 11 = #, 12-15 = A-D', () => {
    expect(Array.from({ length: 17 }, (_, n) => eventToDigit(n))).toEqual([...'0123456789*#ABCD'.split(''), undefined]);
    expect(['0', '9', '*', '#', 'A', 'd', 'E', '', '12'].map(digitToEvent)).toEqual([0, 9, 10, 11, 12, 15, undefined, undefined, undefined]);
  });
});

describe('telephoneEventPackets', () => {
  it('sends a growing duration every 20 ms, then the end three times', () => {
    const packets = telephoneEventPackets('#').map((p) => decodeTelephoneEvent(p));
    expect(packets.map((p) => p?.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(packets.map((p) => p?.end)).toEqual([false, false, false, false, true, true, true]);
    expect(new Set(packets.map((p) => p?.event))).toEqual(new Set([11]));
    expect(telephoneEventPackets('7', 40).map((p) => decodeTelephoneEvent(p)?.duration)).toEqual([160, 320, 320, 320]);
  });

  it('refuses what is not a key or a sendable duration', () => {
    expect(() => telephoneEventPackets('w')).toThrow(/not a DTMF digit/);
    expect(() => telephoneEventPackets('1', 0)).toThrow(/duration/);
    expect(() => telephoneEventPackets('1', 9000)).toThrow(/duration/);
  });
});

describe('DtmfReceiver', () => {
  it('reports each key press once, pressing the same key twice included', () => {
    const { feed, digits } = receiver();
    for (const [digit, timestamp] of [
      ['1', 1000],
      ['1', 3000],
      ['#', 5000],
    ] as const)
      for (const packet of telephoneEventPackets(digit)) feed(packet, timestamp);
    expect(digits).toEqual(['1', '1', '#']);
  });

  it('reports at the first end packet, not before', () => {
    const { feed, digits } = receiver();
    const packets = telephoneEventPackets('4');
    packets.slice(0, 4).forEach((packet) => feed(packet, 160));
    expect(digits).toEqual([]);
    feed(packets[4], 160);
    expect(digits).toEqual(['4']);
  });

  it('still reports a key press whose end packets were all lost, when the next one starts or on flush', () => {
    const { feed, flush, digits } = receiver();
    telephoneEventPackets('2')
      .slice(0, 4)
      .forEach((packet) => feed(packet, 8000));
    telephoneEventPackets('3').forEach((packet) => feed(packet, 16000));
    telephoneEventPackets('9')
      .slice(0, 2)
      .forEach((packet) => feed(packet, 24000));
    expect(digits).toEqual(['2', '3']);
    flush();
    flush();
    expect(digits).toEqual(['2', '3', '9']);
  });

  it('ignores late packets of an earlier press, across the timestamp wrap too', () => {
    const { feed, digits } = receiver();
    const [first, , , , end] = telephoneEventPackets('5');
    feed(first, 0xffffff00);
    feed(end, 0xffffff00);
    feed(first, 0x00000100); // wrapped: newer
    feed(end, 0xffffff00); // late retransmission of the earlier press
    feed(end, 0x00000100);
    expect(digits).toEqual(['5', '5']);
  });

  it('ignores junk and events that are not keys (flash = 16)', () => {
    const { feed, flush, digits } = receiver();
    feed(Buffer.from([1, 0x80]), 10);
    feed(encodeTelephoneEvent({ event: 16, end: true, volume: 10, duration: 800 }), 20);
    feed(Buffer.alloc(0), 30);
    flush();
    expect(digits).toEqual([]);
  });
});

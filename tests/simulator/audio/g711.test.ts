import { decodeAlaw, decodeMulaw, encodeMulaw } from '../../../simulator/media/audio/g711';

const allCodes = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('G.711 µ-law', () => {
  it('matches the ITU table at its landmarks', () => {
    expect(Array.from(encodeMulaw(Int16Array.of(0, -1, 8, -8, 31100, 32767, -32768)))).toEqual([0xff, 0x7f, 0xfe, 0x7e, 0x81, 0x80, 0x00]);
    expect(Array.from(decodeMulaw(Uint8Array.of(0xff, 0x7f, 0xfe, 0x7e, 0x70, 0x01, 0x80, 0x00)))).toEqual([0, 0, 8, -8, -120, -31100, 32124, -32124]);
  });

  it('decodes to a monotonic, odd-symmetric curve', () => {
    const decoded = decodeMulaw(allCodes);
    // Codes 0x80…0xFF are positive, descending in magnitude; 0x00…0x7F mirror them.
    for (let code = 0x81; code <= 0xff; code++) expect(decoded[code]).toBeLessThan(decoded[code - 1]);
    for (let code = 0; code < 0x80; code++) expect(decoded[code] + decoded[code + 0x80]).toBe(0);
  });

  it('re-encodes every decoded code to itself (but negative zero)', () => {
    const again = encodeMulaw(decodeMulaw(allCodes));
    const mismatches = Array.from(allCodes).filter((code) => again[code] !== code);
    expect(mismatches).toEqual([0x7f]);
  });

  it('round-trips every sample within half a quantisation step', () => {
    const samples = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const decoded = decodeMulaw(encodeMulaw(samples));
    let worst = 0;
    for (let i = 0; i < samples.length; i++) {
      const magnitude = Math.min(Math.abs(samples[i]), 32635);
      // The step doubles per segment: 16 in the first, never more than 1/16 of the value above it; clipping adds the rest.
      const allowed = (magnitude + 132) / 32 + Math.abs(samples[i]) - magnitude;
      worst = Math.max(worst, Math.abs(decoded[i] - samples[i]) / allowed);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe('G.711 A-law', () => {
  it('matches the ITU table at its landmarks', () => {
    expect(Array.from(decodeAlaw(Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a, 0x80, 0x00)))).toEqual([8, -8, 32256, -32256, 5504, -5504]);
  });

  it('decodes to a curve where each code is distinct and odd-symmetric', () => {
    const decoded = decodeAlaw(allCodes);
    expect(new Set(decoded).size).toBe(256);
    for (let code = 0; code < 0x80; code++) expect(decoded[code]).toBe(-decoded[code + 0x80]);
  });
});

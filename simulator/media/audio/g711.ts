/**
 * ITU-T G.711 companding: µ-law (PCMU, what the Voice SDK offers first) and A-law decoding (WAV
 * format 6). Table-driven, because the relay encodes and decodes every 20 ms frame of every leg.
 */

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

/** The G.711 µ-law code of one 16-bit sample. */
function mulawOf(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(sign ? -sample : sample, MULAW_CLIP) + MULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = sign | (exponent << 4) | mantissa;
  return ~magnitude & 0xff;
}

/** The 16-bit sample a µ-law code stands for. */
function sampleOfMulaw(code: number): number {
  const byte = ~code & 0xff;
  const exponent = (byte >> 4) & 0x07;
  const magnitude = ((((byte & 0x0f) << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return byte & 0x80 ? -magnitude : magnitude;
}

/** The 16-bit sample an A-law code stands for. */
function sampleOfAlaw(code: number): number {
  const byte = code ^ 0x55;
  const segment = (byte & 0x70) >> 4;
  let magnitude = ((byte & 0x0f) << 4) + (segment === 0 ? 8 : 0x108);
  if (segment > 1) magnitude <<= segment - 1;
  return byte & 0x80 ? magnitude : -magnitude;
}

function table<T extends Int16Array | Uint8Array>(out: T, valueAt: (index: number) => number): T {
  for (let i = 0; i < out.length; i++) out[i] = valueAt(i);
  return out;
}

/** µ-law code per sample, indexed by the sample's 16 bits read unsigned. */
const MULAW_ENCODE = table(new Uint8Array(65536), (index) => mulawOf((index << 16) >> 16));
const MULAW_DECODE = table(new Int16Array(256), sampleOfMulaw);
const ALAW_DECODE = table(new Int16Array(256), sampleOfAlaw);

/** Encodes 16-bit PCM as G.711 µ-law, one byte per sample. */
export function encodeMulaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = MULAW_ENCODE[pcm[i] & 0xffff];
  return out;
}

/** Decodes G.711 µ-law bytes to 16-bit PCM. */
export function decodeMulaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = MULAW_DECODE[bytes[i]];
  return out;
}

/** Decodes G.711 A-law bytes to 16-bit PCM. */
export function decodeAlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ALAW_DECODE[bytes[i]];
  return out;
}

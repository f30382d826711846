/**
 * Hold music, generated at build time (ours, not copied): a slow arpeggio in C major
 * and A minor, each note a soft two-tone chord, 8 kHz 16-bit WAV like the SDK sounds. Twilio
 * loops it for a held party (`/hold-music` answers `<Play loop="0">`).
 */
import { synthesize, wav, type Segment } from './sounds';

/** Notes (Hz) of the tune: root and fifth of each chord tone, 400 ms each with a short breath. */
const TUNE: ReadonlyArray<readonly number[]> = [
  [523, 784],
  [659, 988],
  [784, 1175],
  [659, 988],
  [440, 659],
  [523, 784],
  [659, 988],
  [523, 784],
];

const HOLD_MUSIC_SEGMENTS: readonly Segment[] = TUNE.flatMap((hz) => [
  { hz, ms: 400 },
  { hz: [], ms: 100 },
]);

/** The hold music as a WAV file. */
export function holdMusicFile(): Buffer {
  return wav(synthesize(HOLD_MUSIC_SEGMENTS));
}

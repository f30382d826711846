/** Every sound the Voice SDK plays (docs/voice-sdk-protocol.md); each is served from our own assets. */
export const SOUND_NAMES = ['incoming', 'outgoing', 'disconnect', 'dtmf0', 'dtmf1', 'dtmf2', 'dtmf3', 'dtmf4', 'dtmf5', 'dtmf6', 'dtmf7', 'dtmf8', 'dtmf9', 'dtmfs', 'dtmfh'] as const;

/** The name of one SDK sound. */
export type SoundName = (typeof SOUND_NAMES)[number];

/** Where the build writes the sounds, relative to the page. */
export const SOUND_DIR = 'sounds';

/** The Device's `sounds` option: every SDK sound mapped to our WAV file under `base`. */
export function soundUrls(base: string): Record<SoundName, string> {
  return Object.fromEntries(SOUND_NAMES.map((name) => [name, `${base}/${SOUND_DIR}/${name}.wav`])) as Record<SoundName, string>;
}

import { AudioFormatError } from '../../../simulator/media/audio/audio-error';
import { decodeAudioFile } from '../../../simulator/media/audio/audio-file';
import { encodeMulaw } from '../../../simulator/media/audio/g711';
import { encodeMp3 } from '../../../simulator/media/audio/mp3';
import { durationMs } from '../../../simulator/media/audio/pcm';
import { beep } from '../../../simulator/media/audio/tones';
import { encodeWav } from '../../../simulator/media/audio/wav';

describe('decodeAudioFile', () => {
  const tone = beep(1000);

  it('recognises WAV and MP3 by their content, whatever the declared type', async () => {
    const wav = await decodeAudioFile(new Uint8Array(encodeWav(tone)), 'application/octet-stream');
    expect(Array.from(wav)).toEqual(Array.from(tone));
    const mp3 = await decodeAudioFile(encodeMp3(tone), 'audio/wav');
    expect(durationMs(mp3)).toBeGreaterThanOrEqual(1000);
    expect(durationMs(mp3)).toBeLessThan(1200);
  });

  it('reads headerless µ-law when the type says so', async () => {
    const pcm = await decodeAudioFile(encodeMulaw(tone), 'audio/basic; charset=binary');
    expect(pcm.length).toBe(tone.length);
  });

  it('refuses anything else with an AudioFormatError naming the type', async () => {
    await expect(decodeAudioFile(Buffer.from('<html>404</html>'), 'text/html')).rejects.toThrow(AudioFormatError);
    await expect(decodeAudioFile(Buffer.from('<html>404</html>'), 'text/html')).rejects.toThrow(/unsupported audio \(text\/html, 16 bytes\)/);
    await expect(decodeAudioFile(Buffer.from('RIFF\0\0\0\0AVI LIST'))).rejects.toThrow(/not a WAV file/);
    await expect(decodeAudioFile(new Uint8Array(0))).rejects.toThrow(/no content type, 0 bytes/);
  });
});

import { resolveVoice } from '../../../simulator/media/audio/voices';

describe('resolveVoice', () => {
  it.each([
    [undefined, undefined, 'en-us', 'male', 'en-us'],
    ['man', 'en-GB', 'en-gb', 'male', 'en'],
    ['woman', 'en-US', 'en-us', 'female', 'en-us+f3'],
    ['alice', 'en-AU', 'en-au', 'female', 'en+f3'],
    ['alice', 'en-IN', 'en-in', 'female', 'en+f3'],
    ['alice', 'es-ES', 'es-es', 'female', 'es+f3'],
    ['alice', 'es-MX', 'es-mx', 'female', 'es-419+f3'],
    ['man', 'fr-FR', 'fr-fr', 'male', 'fr'],
    ['woman', 'fr-CA', 'fr-ca', 'female', 'fr+f3'],
    ['alice', 'de-DE', 'de-de', 'female', 'de+f3'],
    ['alice', 'it-IT', 'it-it', 'female', 'it+f3'],
    ['alice', 'pt-BR', 'pt-br', 'female', 'pt-br+f3'],
    ['alice', 'nl-NL', 'nl-nl', 'female', 'nl+f3'],
    ['alice', 'ja-JP', 'ja-jp', 'female', 'ja+f3'],
    ['alice', 'zh-HK', 'zh-hk', 'female', 'yue+f3'],
    ['man', 'es', 'es', 'male', 'es'],
  ])('voice %s, language %s speaks %s, %s (%s)', (voice, language, spoken, gender, espeak) => {
    expect(resolveVoice(voice, language)).toEqual({ language: spoken, gender, espeak });
  });

  it('lets a Polly voice speak its own language and gender, neural or not, accents or not', () => {
    expect(resolveVoice('Polly.Joanna')).toEqual({ language: 'en-us', gender: 'female', espeak: 'en-us+f3' });
    expect(resolveVoice('Polly.Matthew-Neural', 'fr-FR')).toEqual({ language: 'en-us', gender: 'male', espeak: 'en-us' });
    expect(resolveVoice('Polly.Léa-Neural')).toEqual({ language: 'fr-fr', gender: 'female', espeak: 'fr+f3' });
    expect(resolveVoice('Polly.Lupe', 'en-US').espeak).toBe('es-419+f3');
    expect(resolveVoice('Polly.Hans').espeak).toBe('de');
  });

  it('takes a Google voice’s language from its name', () => {
    expect(resolveVoice('Google.fr-FR-Neural2-A').espeak).toBe('fr');
    expect(resolveVoice('Google.pt-BR-Standard-B', 'en-US').language).toBe('pt-br');
  });

  it('falls back to the base language, then to US English, for what it does not know', () => {
    expect(resolveVoice('alice', 'de-LU')).toEqual({ language: 'de', gender: 'female', espeak: 'de+f3' });
    expect(resolveVoice('Polly.Nobody', 'xx-YY')).toEqual({ language: 'en-us', gender: 'male', espeak: 'en-us' });
    expect(resolveVoice('robot', '')).toEqual({ language: 'en-us', gender: 'male', espeak: 'en-us' });
    expect(resolveVoice('Google.', 'klingon').espeak).toBe('en-us');
  });
});

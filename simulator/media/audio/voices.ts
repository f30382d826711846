/**
 * Twilio `<Say voice language>` to an eSpeak NG voice. eSpeak has one voice per language (plus
 * pitch variants for a female voice), so the mapping keeps what a listener notices: the language
 * and accent, and whether the voice is a man's or a woman's. Unknown voices and languages fall
 * back to US English, as a missing mapping should never silence a call.
 */

export type VoiceGender = 'female' | 'male';

/** What `<Say>` will sound like. */
export interface ResolvedVoice {
  /** The BCP-47 tag spoken (lower case), e.g. `en-us`. */
  language: string;
  gender: VoiceGender;
  /** eSpeak NG voice name with variant, for `set_voice`, e.g. `en-us+f3`. */
  espeak: string;
}

/** The language `<Say>` speaks when none is given, as on Twilio. */
export const DEFAULT_LANGUAGE = 'en-us';

/** eSpeak's variant for a female voice (the default voices are male). */
const FEMALE_VARIANT = '+f3';

/**
 * eSpeak voice per language tag Twilio documents for `<Say>` (man/woman, alice, Polly, Google),
 * nearest accent where eSpeak lacks one (no Australian or Indian English, no Canadian French).
 */
const ESPEAK_BY_LANGUAGE: Record<string, string> = {
  en: 'en-us',
  'en-us': 'en-us',
  'en-ca': 'en-us',
  'en-gb': 'en',
  'en-au': 'en',
  'en-nz': 'en',
  'en-ie': 'en',
  'en-in': 'en',
  'en-za': 'en',
  'en-gb-wls': 'en',
  'en-029': 'en-029',
  es: 'es',
  'es-es': 'es',
  'es-mx': 'es-419',
  'es-us': 'es-419',
  'es-419': 'es-419',
  fr: 'fr',
  'fr-fr': 'fr',
  'fr-ca': 'fr',
  'fr-be': 'fr-be',
  'fr-ch': 'fr-ch',
  de: 'de',
  'de-de': 'de',
  'de-at': 'de',
  'de-ch': 'de',
  it: 'it',
  'it-it': 'it',
  'pt-br': 'pt-br',
  pt: 'pt',
  'pt-pt': 'pt',
  nl: 'nl',
  'nl-nl': 'nl',
  'nl-be': 'nl',
  ja: 'ja',
  'ja-jp': 'ja',
  ko: 'ko',
  'ko-kr': 'ko',
  'zh-cn': 'cmn',
  'cmn-cn': 'cmn',
  'zh-tw': 'cmn',
  'cmn-tw': 'cmn',
  'zh-hk': 'yue',
  'yue-hk': 'yue',
  'da-dk': 'da',
  'nb-no': 'nb',
  'sv-se': 'sv',
  'fi-fi': 'fi',
  'pl-pl': 'pl',
  'ru-ru': 'ru',
  'ca-es': 'ca',
  'tr-tr': 'tr',
  arb: 'ar',
  'ar-ae': 'ar',
  'ar-xa': 'ar',
  'hi-in': 'hi',
  'is-is': 'is',
  'ro-ro': 'ro',
  'cy-gb': 'cy',
  'he-il': 'he',
  'id-id': 'id',
  'uk-ua': 'uk',
  'vi-vn': 'vi',
  'cs-cz': 'cs',
  'el-gr': 'el',
  'hu-hu': 'hu',
  'sk-sk': 'sk',
  'bg-bg': 'bg',
  'th-th': 'th',
  'ms-my': 'ms',
  'ta-in': 'ta',
  'te-in': 'te',
  'bn-in': 'bn',
  'gu-in': 'gu',
  'kn-in': 'kn',
  'ml-in': 'ml',
  'mr-in': 'mr',
  'pa-in': 'pa',
  'lv-lv': 'lv',
  'lt-lt': 'lt',
  'et-ee': 'et',
  'sr-rs': 'sr',
  'hr-hr': 'hr',
  'sl-si': 'sl',
  'af-za': 'af',
  'eu-es': 'eu',
};

/** Amazon Polly voices Twilio offers, as [language, gender]: a Polly voice speaks its own language. */
const POLLY: Record<string, [string, VoiceGender]> = {};
const pollyVoices = (language: string, gender: VoiceGender, names: string) => {
  for (const name of names.split(' ')) POLLY[name.toLowerCase()] = [language, gender];
};
pollyVoices('en-us', 'female', 'Joanna Ivy Kendra Kimberly Salli Ruth Danielle');
pollyVoices('en-us', 'male', 'Joey Justin Kevin Matthew Stephen Gregory Patrick');
pollyVoices('en-gb', 'female', 'Amy Emma');
pollyVoices('en-gb', 'male', 'Brian Arthur');
pollyVoices('en-au', 'female', 'Nicole Olivia');
pollyVoices('en-au', 'male', 'Russell');
pollyVoices('en-in', 'female', 'Aditi Raveena Kajal');
pollyVoices('en-gb-wls', 'male', 'Geraint');
pollyVoices('en-nz', 'female', 'Aria');
pollyVoices('en-za', 'female', 'Ayanda');
pollyVoices('en-ie', 'female', 'Niamh');
pollyVoices('es-es', 'female', 'Conchita Lucia');
pollyVoices('es-es', 'male', 'Enrique Sergio');
pollyVoices('es-mx', 'female', 'Mia');
pollyVoices('es-mx', 'male', 'Andres');
pollyVoices('es-us', 'female', 'Lupe Penelope');
pollyVoices('es-us', 'male', 'Miguel Pedro');
pollyVoices('fr-fr', 'female', 'Celine Lea');
pollyVoices('fr-fr', 'male', 'Mathieu Remi');
pollyVoices('fr-ca', 'female', 'Chantal Gabrielle');
pollyVoices('fr-ca', 'male', 'Liam');
pollyVoices('de-de', 'female', 'Marlene Vicki');
pollyVoices('de-de', 'male', 'Hans Daniel');
pollyVoices('it-it', 'female', 'Carla Bianca');
pollyVoices('it-it', 'male', 'Giorgio Adriano');
pollyVoices('pt-br', 'female', 'Vitoria Camila');
pollyVoices('pt-br', 'male', 'Ricardo Thiago');
pollyVoices('pt-pt', 'female', 'Ines');
pollyVoices('pt-pt', 'male', 'Cristiano');
pollyVoices('nl-nl', 'female', 'Lotte Laura');
pollyVoices('nl-nl', 'male', 'Ruben');
pollyVoices('ja-jp', 'female', 'Mizuki Kazuha Tomoko');
pollyVoices('ja-jp', 'male', 'Takumi');
pollyVoices('ko-kr', 'female', 'Seoyeon');
pollyVoices('cmn-cn', 'female', 'Zhiyu');
pollyVoices('da-dk', 'female', 'Naja');
pollyVoices('da-dk', 'male', 'Mads');
pollyVoices('nb-no', 'female', 'Liv Ida');
pollyVoices('sv-se', 'female', 'Astrid Elin');
pollyVoices('pl-pl', 'female', 'Ewa Maja Ola');
pollyVoices('pl-pl', 'male', 'Jacek Jan');
pollyVoices('ru-ru', 'female', 'Tatyana');
pollyVoices('ru-ru', 'male', 'Maxim');
pollyVoices('tr-tr', 'female', 'Filiz Burcu');
pollyVoices('arb', 'female', 'Zeina');
pollyVoices('ro-ro', 'female', 'Carmen');
pollyVoices('is-is', 'female', 'Dora');
pollyVoices('is-is', 'male', 'Karl');
pollyVoices('cy-gb', 'female', 'Gwyneth');

/** Folds accents and case so that `Polly.Léa-Neural` and `polly.lea` match. */
function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

/** eSpeak voice for a language tag: the exact tag, else its base language, else US English. */
function espeakFor(language: string): { language: string; espeak: string } {
  if (ESPEAK_BY_LANGUAGE[language]) return { language, espeak: ESPEAK_BY_LANGUAGE[language] };
  const base = language.split('-')[0];
  if (ESPEAK_BY_LANGUAGE[base]) return { language: base, espeak: ESPEAK_BY_LANGUAGE[base] };
  return { language: DEFAULT_LANGUAGE, espeak: ESPEAK_BY_LANGUAGE[DEFAULT_LANGUAGE] };
}

/** The language and gender a Twilio voice name implies, where it implies them. */
function voiceTraits(voice: string): { language?: string; gender?: VoiceGender } {
  if (voice === 'man') return { gender: 'male' };
  if (voice === 'woman' || voice === 'alice') return { gender: 'female' };
  const [provider, name = ''] = voice.split(/\.(.*)/s);
  if (provider === 'polly') {
    const known = POLLY[name.replace(/-(neural|generative|long-form)$/, '')];
    return known ? { language: known[0], gender: known[1] } : {};
  }
  // Google voices are named after their language: Google.en-US-Standard-C, Google.fr-FR-Neural2-A.
  if (provider === 'google') return { language: /^[a-z]{2,3}-[a-z]{2,3}/.exec(name)?.[0] };
  return {};
}

/**
 * The eSpeak voice for Twilio's `voice` and `language` attributes. A Polly or Google voice speaks
 * its own language (as on Twilio); `man` (the default) and unknown voices are male.
 */
export function resolveVoice(voice?: string, language?: string): ResolvedVoice {
  const traits = voiceTraits(plain(voice ?? 'man'));
  const chosen = espeakFor(traits.language ?? plain(language ?? DEFAULT_LANGUAGE));
  const gender = traits.gender ?? 'male';
  return { language: chosen.language, gender, espeak: chosen.espeak + (gender === 'female' ? FEMALE_VARIANT : '') };
}

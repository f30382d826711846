/**
 * The simulator's audio toolkit: 8 kHz 16-bit mono PCM (`Int16Array`) and what turns it into and
 * out of G.711, WAV, MP3, speech, tones and DTMF. Pure TypeScript plus wasm; no WebRTC here.
 */
export * from './audio-error';
export * from './audio-file';
export * from './dtmf';
export * from './energy';
export * from './g711';
export * from './mp3';
export * from './pcm';
export * from './resample';
export * from './silence';
export * from './speech';
export * from './tones';
export * from './voices';
export * from './wav';

/**
 * Offline `<Say>`: eSpeak NG compiled to wasm (`@echogarden/espeak-ng-emscripten`, docs/simulator-media.md).
 *
 * The synthesiser runs in a worker thread: a sentence takes ~0.2 s of CPU, which on the main
 * thread would stall every call's 20 ms RTP clock; and the package is ESM-only with top-level
 * await, which a worker imports natively (jest's CommonJS sandbox cannot). One worker per process
 * (started on first use, ~0.3-1 s) handles one message at a time, so calls into the wasm instance
 * are serialised. Results are cached per (text, resolved voice): a `<Say>` heard before starts at once.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SAMPLE_RATE } from './pcm';
import { resample } from './resample';
import { resolveVoice } from './voices';

/** How `<Say>` chose its voice: Twilio's attributes. */
export interface SpeakOptions {
  /** `man`, `woman`, `alice`, `Polly.<Name>[-Neural]`, `Google.<lang>-<model>-<x>`. */
  voice?: string;
  /** BCP-47 tag, e.g. `en-US`, `es-MX`; a Polly or Google voice implies its own. */
  language?: string;
}

/** Bounds of the result cache: entries and total size of the PCM kept. */
export interface SpeechCacheLimits {
  entries: number;
  bytes: number;
}

const DEFAULT_LIMITS: SpeechCacheLimits = { entries: 200, bytes: 20 * 1024 * 1024 };

/** One request to the worker and its answer. */
interface SpeakRequest {
  id: number;
  text: string;
  voice: string;
}
type SpeakReply = { id: number; samples: Int16Array; sampleRate: number } | { id: number; error: string };

/**
 * Runs in the worker (plain JavaScript: workers do not run TypeScript). Loads eSpeak once, then
 * answers each request with the whole utterance as 16-bit PCM at eSpeak's rate (22,050 Hz).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const engine = import(workerData.moduleUrl).then(async ({ default: load }) => {
  const espeak = await load();
  return { synth: new espeak.eSpeakNGWorker() };
});
parentPort.on('message', async ({ id, text, voice }) => {
  try {
    const { synth } = await engine;
    if (synth.set_voice(voice) !== 0) throw new Error('eSpeak has no voice ' + voice);
    const chunks = [];
    synth.synthesize(text, (samples) => { if (samples && samples.length) chunks.push(samples); return false; });
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const samples = new Int16Array(total);
    let offset = 0;
    for (const chunk of chunks) { samples.set(chunk, offset); offset += chunk.length; }
    parentPort.postMessage({ id, samples, sampleRate: synth.get_samplerate() }, [samples.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/** C control characters end or confuse eSpeak's C strings; speech needs none of them. */
function speakable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
}

function cacheKey(espeakVoice: string, text: string): string {
  return `${espeakVoice}\u0000${text}`;
}

/** The one eSpeak instance of the process, in its worker, started on first use. */
class SpeechEngine {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (pcm: Int16Array) => void; reject: (error: Error) => void }>();

  /** Speaks `text` with eSpeak voice `voice`, as 8 kHz PCM. */
  synthesise(text: string, voice: string): Promise<Int16Array> {
    const worker = this.startedWorker();
    const id = this.nextId++;
    const reply = new Promise<Int16Array>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    worker.ref(); // keep the process alive until the answer comes
    worker.postMessage({ id, text, voice } satisfies SpeakRequest);
    return reply;
  }

  private startedWorker(): Worker {
    if (this.worker) return this.worker;
    const moduleUrl = pathToFileURL(require.resolve('@echogarden/espeak-ng-emscripten')).href;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { moduleUrl } });
    worker.on('message', (reply: SpeakReply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      this.worker = undefined; // the next request starts a new one
      this.failAll(new Error(`speech worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: SpeakReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref(); // an idle synthesiser never keeps the process alive
    if ('error' in reply) waiter.reject(new Error(`speech synthesis failed: ${reply.error}`));
    else waiter.resolve(resample(reply.samples, reply.sampleRate, SAMPLE_RATE));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

const engine = new SpeechEngine();

/**
 * Text to 8 kHz speech with a bounded cache of finished utterances. All instances share the
 * process's one eSpeak instance; each keeps its own cache.
 */
export class SpeechSynth {
  /** Finished utterances, least recently used first. */
  private readonly cache = new Map<string, Int16Array>();
  private cachedBytes = 0;
  /** Utterances being synthesised, so that concurrent requests for one text share the work. */
  private readonly inFlight = new Map<string, Promise<Int16Array>>();

  constructor(private readonly limits: SpeechCacheLimits = DEFAULT_LIMITS) {}

  /** Speaks `text` as 8 kHz 16-bit mono PCM (a copy: callers may change it). Empty text gives no samples. */
  async speak(text: string, options: SpeakOptions = {}): Promise<Int16Array> {
    const clean = speakable(text);
    if (clean.trim() === '') return new Int16Array(0);
    const voice = resolveVoice(options.voice, options.language).espeak;
    const key = cacheKey(voice, clean);
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key); // re-insert: most recently used last
      this.cache.set(key, cached);
      return cached.slice();
    }
    let synthesis = this.inFlight.get(key);
    if (!synthesis) {
      synthesis = engine.synthesise(clean, voice).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, synthesis);
    }
    const pcm = await synthesis;
    this.remember(key, pcm);
    return pcm.slice();
  }

  /** Starts the shared eSpeak instance now (0.3-1 s), so that the first `<Say>` does not wait for it. */
  async warmUp(): Promise<void> {
    await engine.synthesise('.', resolveVoice().espeak);
  }

  /** True when `speak(text, options)` would answer from the cache (a `<Say>` heard before). */
  isCached(text: string, options: SpeakOptions = {}): boolean {
    return this.cache.has(cacheKey(resolveVoice(options.voice, options.language).espeak, speakable(text)));
  }

  /** Number of utterances cached and their size in bytes. */
  get cacheSize(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cachedBytes };
  }

  private remember(key: string, pcm: Int16Array): void {
    if (this.cache.has(key)) return;
    this.cache.set(key, pcm);
    this.cachedBytes += pcm.byteLength;
    for (const [oldKey, old] of this.cache) {
      if (this.cache.size <= this.limits.entries && this.cachedBytes <= this.limits.bytes) break;
      this.cache.delete(oldKey);
      this.cachedBytes -= old.byteLength;
    }
  }
}

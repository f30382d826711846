/**
 * The simulator's own routes under `/__sim/`: the injected script, the simulated phone page and
 * its token, an empty SDK sandbox page, the Voice SDK bundle, a silent sound, the call log (all of
 * it, or one call), a call's line as it plays (a stream for the phone page) and the demo's config.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Config } from '../../src/lib/config/config';
import { createVoiceToken } from '../../src/lib/auth/voice-token';
import { ROOT } from '../../build/build';
import type { CallEngine } from '../calls/calls';
import { normaliseNumber, phoneIdentity } from '../calls/phone-numbers';
import { streamLine } from './call-line';

/** Every sound the Voice SDK loads (docs/voice-sdk-protocol.md): pages of the simulator give all of them a local file. */
const SDK_SOUNDS = ['incoming', 'outgoing', 'disconnect', ...Array.from({ length: 10 }, (_, i) => `dtmf${i}`), 'dtmfs', 'dtmfh'];

/** A tenth of a second of silence: 8 kHz, 8-bit mono PCM in a WAV container. */
function silenceWav(): Buffer {
  const samples = 800;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 0x80)]);
}

const pageFile = (name: string) => readFileSync(join(__dirname, name));

type Static = { type: string; body: Buffer };

const CALL_SID = /^CA[0-9a-f]{32}$/;

/** Serves `/__sim/…`; static files are read once at start. */
export class SimulatorPages {
  private readonly files: Record<string, Static> = {
    '/__sim/inject.js': { type: 'text/javascript; charset=utf-8', body: pageFile('inject.js') },
    '/__sim/phone': { type: 'text/html; charset=utf-8', body: pageFile('phone.html') },
    '/__sim/sdk': { type: 'text/html; charset=utf-8', body: pageFile('sdk.html') },
    '/__sim/phone.js': { type: 'text/javascript; charset=utf-8', body: pageFile('phone.js') },
    '/__sim/voice-sdk.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(ROOT, 'node_modules', '@twilio', 'voice-sdk', 'dist', 'twilio.min.js')) },
    '/__sim/silence.wav': { type: 'audio/wav', body: silenceWav() },
  };

  constructor(
    private readonly config: Config,
    private readonly engine: CallEngine,
    private readonly authToken: string,
  ) {}

  /** Answers a `/__sim/…` request. */
  serve(url: URL, method: string, response: ServerResponse): void {
    if (method !== 'GET' && method !== 'HEAD') return send(response, 405, { error: 'only GET' });
    const file = this.files[url.pathname];
    if (file) {
      response.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store', 'Content-Length': file.body.length });
      response.end(method === 'HEAD' ? undefined : file.body);
      return;
    }
    if (url.pathname === '/__sim/calls') return send(response, 200, this.engine.calls());
    if (url.pathname.startsWith('/__sim/calls/')) return this.oneCall(url.pathname.slice('/__sim/calls/'.length), response);
    if (url.pathname === '/__sim/line') return this.line(url, response);
    if (url.pathname === '/__sim/config') {
      return send(response, 200, {
        // For scripts that call the REST API (`curl -u accountSid:authToken …/2010-04-01/…`).
        accountSid: this.config.accountSid,
        authToken: this.authToken,
        teamNumber: this.config.callerId,
        team: [...this.config.team.keys()],
        phonePage: '/__sim/phone?number=',
        sdkPage: '/__sim/sdk',
        sounds: Object.fromEntries(SDK_SOUNDS.map((name) => [name, '/__sim/silence.wav'])),
      });
    }
    if (url.pathname === '/__sim/phone-token') return this.phoneToken(url, response);
    send(response, 404, { error: `no simulator route ${url.pathname.slice(0, 100)}` });
  }

  /** `/__sim/calls/CA…`: the call with that CallSid, or the call that dialled the leg with it. */
  private oneCall(sid: string, response: ServerResponse): void {
    const owner = CALL_SID.test(sid) ? this.engine.log.owner(sid) : undefined;
    if (!owner) return send(response, 404, { error: `no call ${sid.slice(0, 40)} in the call log` });
    send(response, 200, structuredClone(owner.call));
  }

  /** `/__sim/line?call=CA…`: what the call's line plays, as a stream (call-line.ts). */
  private line(url: URL, response: ServerResponse): void {
    const sid = url.searchParams.get('call') ?? '';
    if (!CALL_SID.test(sid)) return send(response, 400, { error: 'Add ?call= with a CallSid (CA…)' });
    const owner = this.engine.log.owner(sid);
    if (!owner) return send(response, 404, { error: `no call ${sid} in the call log` });
    streamLine(owner, response);
  }

  /** A token for the simulated phone of `?number=`: identity `phone_<digits>`. */
  private phoneToken(url: URL, response: ServerResponse): void {
    const number = normaliseNumber(url.searchParams.get('number') ?? '');
    if (!number) return send(response, 400, { error: 'Add ?number= with a phone number in E.164 form, e.g. ?number=+14155550123' });
    const reply = createVoiceToken(this.config, phoneIdentity(number));
    send(response, 200, { ...reply, number, teamNumber: this.config.callerId, sounds: SDK_SOUNDS });
  }
}

export function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * The Recordings resource of the simulator's REST API: recordings put in the store (as the media
 * plane's `<Record>` will) are listed account-wide and per call, fetched, deleted, and served as
 * media (.wav, no extension, .mp3) only with credentials; the real `twilio` client for the
 * resource, plain fetch for media, auth and errors; every JSON answer checked against Twilio's
 * OpenAPI description.
 */
import { decodeMp3 } from '../../simulator/media/audio/mp3';
import { rms } from '../../simulator/media/audio/pcm';
import { decodeWav } from '../../simulator/media/audio/wav';
import { expectTwilioShape, templateOf } from '../support/openapi';
import { restClientPerFile } from '../support/twilio-client';

const shared = restClientPerFile();
const CALL_A = `CA${'a'.repeat(32)}`;
const CALL_B = `CA${'b'.repeat(32)}`;

/** `seconds` of a 440 Hz tone at 8 kHz. */
const tone = (seconds: number) => Int16Array.from({ length: seconds * 8000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));

const add = (callSid: string, seconds: number) =>
  shared().sim.recordings.add({ callSid, source: 'RecordVerb', status: 'completed', startedAt: new Date(Date.now() - seconds * 1000), pcm: tone(seconds) });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const account = () => `/2010-04-01/Accounts/${shared().sim.env.ACCOUNT_SID}`;

async function restJson(path: string, init: RequestInit = {}) {
  const response = await fetch(`${shared().sim.url}${account()}/${path}`, {
    ...init,
    headers: { Authorization: basic(shared().sim.env.ACCOUNT_SID, shared().sim.env.AUTH_TOKEN), ...(init.headers as object) },
  });
  const body = response.status === 204 ? undefined : await response.json();
  const pathname = `${account()}/${path.split('?')[0]}`;
  if (body !== undefined) expectTwilioShape(response.status >= 400 ? pathname : templateOf(pathname), (init.method ?? 'get').toLowerCase() as 'get', response.status, body);
  return { status: response.status, body };
}

test('list (account-wide and per call, newest first, filters), fetch and delete with the real twilio client', async () => {
  const first = add(CALL_A, 3);
  const second = add(CALL_B, 2);
  const third = add(CALL_A, 1);
  const sids = (items: { sid: string }[]) => items.map((r) => r.sid);
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const results = {
    all: sids(await shared().client.ok({ name: 'recordings' }, { name: 'list', args: [{}] })),
    ofCallA: sids(await shared().client.ok({ name: 'recordings' }, { name: 'list', args: [{ callSid: CALL_A }] })),
    underCallA: sids(await shared().client.ok({ name: 'calls', args: [CALL_A] }, { name: 'recordings' }, { name: 'list', args: [{}] })),
    today: sids(await shared().client.ok({ name: 'recordings' }, { name: 'list', args: [{ dateCreated: today }] })),
    beforeYesterday: sids(await shared().client.ok({ name: 'recordings' }, { name: 'list', args: [{ dateCreatedBefore: yesterday }] })),
  };
  expect(results.all).toEqual([third.sid, second.sid, first.sid]);
  expect(results.ofCallA).toEqual([third.sid, first.sid]);
  expect(results.underCallA).toEqual([third.sid, first.sid]);
  expect(results.today).toEqual(results.all);
  expect(results.beforeYesterday).toEqual([]);

  const fetched = await shared().client.ok({ name: 'recordings', args: [first.sid] }, { name: 'fetch', args: [] });
  expect(fetched).toMatchObject({
    sid: first.sid,
    callSid: CALL_A,
    duration: '3',
    channels: 1,
    source: 'RecordVerb',
    status: 'completed',
    mediaUrl: `https://api.twilio.com${account()}/Recordings/${first.sid}`,
  });

  expect(await shared().client.ok({ name: 'recordings', args: [second.sid] }, { name: 'remove', args: [] })).toBe(true);
  expect(await shared().client.ok({ name: 'calls', args: [CALL_A] }, { name: 'recordings', args: [third.sid] }, { name: 'remove', args: [] })).toBe(true);
  const gone = await shared().client.run({ name: 'recordings', args: [second.sid] }, { name: 'fetch', args: [] });
  expect(gone.error).toMatchObject({ status: 404, code: 20404 });
  expect(sids(await shared().client.ok({ name: 'recordings' }, { name: 'list', args: [{}] }))).toEqual([first.sid]);
  shared().sim.recordings.delete(first.sid);
});

test('media: .wav and no extension give the stored audio as WAV, .mp3 as MP3, only with credentials; through the proxy as well', async () => {
  const recording = add(CALL_A, 2);
  const url = `${shared().sim.url}${account()}/Recordings/${recording.sid}`;
  const auth = { Authorization: basic(shared().sim.env.API_KEY, shared().sim.env.API_SECRET) };
  const [wav, bare, mp3, anonymous, unknown] = await Promise.all([
    fetch(`${url}.wav`, { headers: auth }),
    fetch(url, { headers: auth }),
    fetch(`${url}.mp3`, { headers: auth }),
    fetch(`${url}.mp3`),
    fetch(`${url}.ogg`, { headers: auth }),
  ]);
  expect(wav.headers.get('content-type')).toBe('audio/x-wav');
  const audio = decodeWav(Buffer.from(await wav.arrayBuffer()));
  expect(audio).toEqual(recording.pcm);
  expect(
    Buffer.from(await bare.arrayBuffer())
      .subarray(0, 4)
      .toString(),
  ).toBe('RIFF');
  expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
  // MP3 is lossy and adds encoder delay: the same length within 0.2 s, and a tone as loud within 3 dB.
  const decoded = await decodeMp3(new Uint8Array(await mp3.arrayBuffer()));
  expect(Math.abs(decoded.length - recording.pcm.length)).toBeLessThan(0.2 * 8000);
  expect(Math.abs(20 * Math.log10(rms(decoded) / rms(recording.pcm)))).toBeLessThan(3);
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toMatchObject({ code: 20003 });
  expect(unknown.status).toBe(404);

  // The media_url of an answer on the front URL points at the front URL; a Function's client fetches the proxy's.
  const listed = await restJson('Recordings.json');
  expect(listed.body.recordings[0].media_url).toBe(`${shared().sim.url}${account()}/Recordings/${recording.sid}`);
  const viaProxy = await shared().client.ok({ name: 'request', args: [{ method: 'GET', uri: `https://api.twilio.com${account()}/Recordings/${recording.sid}.wav` }] });
  expect(viaProxy.statusCode).toBe(200);
  expect(viaProxy.headers['content-type']).toBe('audio/x-wav');
  shared().sim.recordings.delete(recording.sid);
});

test('errors: unknown recording (20404), a recording of another call under the wrong call (20404), a bad DateCreated> (20001)', async () => {
  const recording = add(CALL_A, 1);
  expect(await restJson(`Recordings/RE${'0'.repeat(32)}.json`)).toMatchObject({ status: 404, body: { code: 20404 } });
  expect(await restJson(`Calls/${CALL_B}/Recordings/${recording.sid}.json`)).toMatchObject({ status: 404, body: { code: 20404 } });
  expect(await restJson(`Calls/${CALL_B}/Recordings/${recording.sid}.json`, { method: 'DELETE' })).toMatchObject({ status: 404 });
  expect(await restJson(`Recordings.json?${encodeURIComponent('DateCreated>')}=soon`)).toMatchObject({ status: 400, body: { code: 20001 } });
  expect(await restJson(`Calls/${CALL_A}/Recordings.json`)).toMatchObject({ status: 200, body: { recordings: [expect.objectContaining({ sid: recording.sid, track: 'both' })] } });
  expect(await restJson(`Recordings/${recording.sid}.json`, { method: 'DELETE' })).toEqual({ status: 204, body: undefined });
});

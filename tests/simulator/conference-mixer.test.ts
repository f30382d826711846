/**
 * `<Conference>`'s mixer in Node, werift to werift on loopback: three members each send a tone of
 * their own; each hears the other two tones and not its own. Muted members are not heard; a
 * member with a sound of its own (hold music) hears that instead of the mix.
 */
import { toneLevel } from '../../simulator/media/audio/energy';
import { concatPcm } from '../../simulator/media/audio/pcm';
import { dualTone } from '../../simulator/media/audio/tones';
import { ConferenceMixer, LoopedSound } from '../../simulator/media/conference-mixer';
import type { LegMedia } from '../../simulator/media/leg-media';
import { MediaPlane } from '../../simulator/media/media-plane';
import { until } from '../support/until';

let plane: MediaPlane;
const opened: LegMedia[] = [];
/** Each member's tone, far apart so that each one's level is measured alone. */
const TONES = [500, 1100, 1700];
/** A tone of amplitude 0.2 (≈ 6,500) counts as heard above this level, and as absent below the other. */
const HEARD = 2000;
const ABSENT = 300;

beforeAll(async () => {
  plane = await MediaPlane.start({ loopback: true });
});

afterEach(() => {
  for (const media of opened.splice(0)) media.close();
});

afterAll(() => plane.close());

/** A client endpoint connected to an endpoint of the plane (the simulator's side). */
async function member(): Promise<{ client: LegMedia; atSim: LegMedia }> {
  const client = plane.leg();
  const atSim = plane.leg();
  opened.push(client, atSim);
  await client.endpoint.accept(await atSim.endpoint.answer(await client.endpoint.offer()));
  const deadline = Date.now() + 10_000;
  while (!(client.endpoint.connected && atSim.endpoint.connected)) {
    if (Date.now() > deadline) throw new Error('the endpoints did not connect');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { client, atSim };
}

/** Each client sends its tone for `ms` while everything each one hears is collected. */
async function talk(clients: LegMedia[], ms: number): Promise<Int16Array[]> {
  const heard = clients.map(() => [] as Int16Array[]);
  const stops = clients.map((client, i) => client.endpoint.onAudio((pcm) => heard[i].push(pcm)));
  await Promise.all(clients.map((client, i) => client.play(dualTone([TONES[i]], 0.2, ms))));
  await new Promise((resolve) => setTimeout(resolve, 200));
  stops.forEach((stop) => stop());
  return heard.map((frames) => concatPcm(...frames));
}

test('each member hears the other two tones, never its own', async () => {
  const members = await Promise.all([member(), member(), member()]);
  const mixer = new ConferenceMixer(plane.clock);
  members.forEach(({ atSim }, i) => mixer.add(`m${i}`, atSim));
  const heard = await talk(
    members.map((m) => m.client),
    1500,
  );
  mixer.close();
  const levels = heard.map((pcm) => TONES.map((hz) => toneLevel(pcm.subarray(pcm.length >> 2), hz)));
  for (const [i, row] of levels.entries()) {
    for (const [j, level] of row.entries()) {
      if (i === j) expect(level).toBeLessThan(ABSENT);
      else expect(level).toBeGreaterThan(HEARD / 2);
    }
  }
}, 30_000);

test('a muted member is heard by nobody; a member with a sound of its own hears it instead of the mix', async () => {
  const members = await Promise.all([member(), member(), member()]);
  const mixer = new ConferenceMixer(plane.clock);
  members.forEach(({ atSim }, i) => mixer.add(`m${i}`, atSim));
  mixer.setSpeaking('m0', false);
  mixer.setSound('m2', new LoopedSound(dualTone([300], 0.2, 200), Infinity));
  const heard = await talk(
    members.map((m) => m.client),
    1500,
  );
  mixer.close();
  const level = (i: number, hz: number) => toneLevel(heard[i].subarray(heard[i].length >> 2), hz);
  expect(level(1, TONES[0])).toBeLessThan(ABSENT); // m0 is muted
  expect(level(1, TONES[2])).toBeGreaterThan(HEARD / 2);
  expect(level(2, 300)).toBeGreaterThan(HEARD);
  expect(level(2, TONES[1])).toBeLessThan(ABSENT); // m2 hears its own sound, not the mix
}, 30_000);

test('a member nobody else speaks to (alone, or the other held) still receives a frame of silence every 20 ms, as on Twilio', async () => {
  const [alone, held] = await Promise.all([member(), member()]);
  const mixer = new ConferenceMixer(plane.clock);
  mixer.add('alone', alone.atSim);
  mixer.add('held', held.atSim);
  mixer.setSpeaking('held', false);
  mixer.setSound('held', new LoopedSound(dualTone([300], 0.2, 200), Infinity));
  const frames: Int16Array[] = [];
  const stop = alone.client.endpoint.onAudio((pcm) => frames.push(pcm));
  // A second of the 20 ms clock (50 frames) arrives, each one silent; none arrive if the mixer sends nothing.
  await until(() => frames.length >= 50, 'a second of frames to reach the member nobody speaks to', 10_000, 20);
  stop();
  mixer.close();
  expect(Math.max(...frames.map((frame) => Math.max(...frame.map(Math.abs))))).toBeLessThan(ABSENT);
}, 30_000);

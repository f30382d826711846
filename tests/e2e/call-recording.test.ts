/**
 * Call recording with real audio (RECORD_CALLS=on-demand): the real SDK in Chromium on the
 * simulator, every page with a fake microphone that is silent unless the test makes it talk, so a
 * recording's channels can be told apart by their energy. The phone hears the notice before the
 * team rings; alice records her call with the phone from the call panel; the recording's first
 * channel holds the phone's voice and its second alice's; holding the caller pauses it (neither
 * the hold music nor the held time is in it); on a call between teammates both pages show the
 * indicator; the history plays it from a link the page's `<audio>` fetches by range, and nothing
 * a page receives names a Twilio media URL; without a valid session nothing is served.
 */
import type { Page, Response } from 'playwright-core';
import { rms } from '../../simulator/media/audio/pcm';
import { toneLevel } from '../../simulator/media/audio/energy';
import type { SimRecording } from '../../simulator/calls/recordings';
import { setTalking } from '../support/fake-microphone';
import { softphonesPerFile } from '../support/page-fixture';
import { clickRecording, recordingGroup, recordingIndicator } from '../support/recording-panel';
import { answeredByAlice, callControls, hearsSound, idle } from '../support/transfer-scenario';
import { until } from '../support/until';

// Generous: the calls here last seconds by design, and the machine may be shared.
jest.setTimeout(180_000);

const NOTICE = 'This call is recorded by the test team.';
const CALLER = '+12025550143';
const shared = softphonesPerFile({ env: { RECORD_CALLS: 'on-demand', RECORDING_NOTICE: NOTICE, RING_TIMEOUT: '8' } });

/** How long a page may take to show what the Functions told it (they wait on Twilio's REST API). */
const SHOWN = { timeout: 30_000 };

/** The call recording of the call `callSid` once completed. */
const completedRecording = (callSid: string) =>
  until(() => shared.sim.recordings.list().find((r) => r.callSid === callSid && r.source === 'StartCallRecordingAPI' && r.status === 'completed'), 'the completed recording', 20_000);

/** One channel of a two-channel recording. */
const channel = (recording: SimRecording, index: 0 | 1) => Int16Array.from({ length: recording.pcm.length / 2 }, (_, i) => recording.pcm[2 * i + index]);

/** RMS of each 100 ms of `pcm`. */
const levels = (pcm: Int16Array) => Array.from({ length: Math.floor(pcm.length / 800) }, (_, i) => rms(pcm.subarray(i * 800, (i + 1) * 800)));

/**
 * `talker` talks until `listener` hears it (the media path flows), then `ms` longer (how much of
 * its voice the recording should hold), then is silent again.
 */
async function talk(talker: Page, listener: Page, ms: number): Promise<void> {
  await setTalking(talker, true);
  try {
    await hearsSound(listener, 'the talker at the listener');
    await talker.waitForTimeout(ms);
  } finally {
    await setTalking(talker, false);
  }
}

it('the phone hears the notice before the team rings', async () => {
  const { sim, pages } = shared;
  const alice = await pages.signedIn('alice', sim.passcodes.alice);
  const phone = await pages.page(await pages.profile(), `/__sim/phone?number=${encodeURIComponent(CALLER)}`);
  await phone.locator('#status[data-state="ready"]').waitFor({ timeout: 15_000 });
  await phone.locator('#call').click();
  await alice.getByRole('region', { name: 'Incoming call' }).waitFor({ timeout: 20_000 });
  const call = sim.calls().find((c) => c.from === CALLER && !c.endedAt)!;
  const notice = call.heard?.find((h) => h.kind === 'say' && h.text === NOTICE);
  const firstRing = Math.min(...call.legs.map((leg) => Date.parse(leg.startedAt)));
  await phone.locator('#hangup').click();
  expect(notice?.endedAt).toBeDefined();
  expect(Date.parse(notice!.startedAt)).toBeLessThan(Date.parse(notice!.endedAt!));
  expect(Date.parse(notice!.endedAt!)).toBeLessThanOrEqual(firstRing);
});

it('Record: the recording`s first channel holds the phone, its second alice; holding the caller leaves the hold out', async () => {
  const { sim } = shared;
  const { alice, phone } = await answeredByAlice(shared, CALLER);
  const callSid = sim.calls().find((c) => c.from === CALLER && !c.endedAt)!.sid;
  await recordingIndicator(alice).waitFor({ state: 'hidden', ...SHOWN });
  await clickRecording(alice, 'Record');
  await recordingIndicator(alice).filter({ hasText: '● Recording (started by alice)' }).waitFor(SHOWN);

  // The durations here are the call's content (who talks how long, a gap between them, how long
  // the caller is held), not waits: each step waits on what it needs to see or hear.
  await talk(phone, alice, 2000);
  await phone.waitForTimeout(500);
  await talk(alice, phone, 2000);
  await alice.waitForTimeout(500);

  await callControls(alice).getByRole('button', { name: 'Hold', exact: true }).click();
  await recordingIndicator(alice).filter({ hasText: 'Recording paused' }).waitFor(SHOWN);
  await hearsSound(phone, 'hold music at the phone');
  await phone.waitForTimeout(2000);
  await callControls(alice).getByRole('button', { name: 'Resume' }).click();
  await recordingIndicator(alice).filter({ hasText: '● Recording' }).waitFor(SHOWN);
  await talk(phone, alice, 1000);
  await clickRecording(alice, 'Stop recording');
  await recordingIndicator(alice).waitFor({ state: 'hidden', ...SHOWN });
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await idle(alice);

  const recording = await completedRecording(callSid);
  expect(recording.channels).toBe(2);
  const [caller, teammate] = [channel(recording, 0), channel(recording, 1)];
  const [callerLevels, teammateLevels] = [levels(caller), levels(teammate)];
  const LOUD = 1000;
  const QUIET = 200;
  // Each party is loud on its own channel for most of the time it talked (3 s and 2 s), and
  // never loud on the other one: the other channel stays quiet while it talks.
  const callerTalks = callerLevels.map((level, i) => level > LOUD && teammateLevels[i] < QUIET).filter(Boolean).length;
  const teammateTalks = teammateLevels.map((level, i) => level > LOUD && callerLevels[i] < QUIET).filter(Boolean).length;
  console.log(`recording: ${caller.length / 8000} s; caller alone loud ${callerTalks / 10} s, alice alone loud ${teammateTalks / 10} s`);
  expect(callerTalks).toBeGreaterThan(20);
  expect(teammateTalks).toBeGreaterThan(12);
  expect(toneLevel(caller, 300)).toBeGreaterThan(300);
  // The phone heard the hold music, the recording did not: none of its notes on the second channel.
  for (const hz of [523, 659, 784]) expect(toneLevel(teammate, hz)).toBeLessThan(100);
  // The held time is left out: the recording lasts the time it ran minus the hold, as the call log times them.
  const events = sim.calls().find((c) => c.sid === callSid)!.events;
  const [held, resumed] = ['hold', 'resume'].map((type) => Date.parse(events.find((e) => e.type === type)!.at));
  const ran = (recording.updatedAt.getTime() - recording.startedAt.getTime() - (resumed - held)) / 1000;
  expect(Math.abs(caller.length / 8000 - ran)).toBeLessThan(1.5);
});

it('a call between teammates: the indicator shows on both pages and follows either teammate`s Pause and Stop', async () => {
  const { sim, pages } = shared;
  const [alice, bob] = await Promise.all([pages.signedIn('alice', sim.passcodes.alice), pages.signedIn('bob', sim.passcodes.bob)]);
  await alice.getByRole('button', { name: 'Call bob' }).click();
  await bob.getByRole('button', { name: 'Accept' }).click();
  await alice.locator('#call-state').filter({ hasText: 'In call with bob' }).waitFor();
  await clickRecording(alice, 'Record');
  for (const page of [alice, bob]) await recordingIndicator(page).filter({ hasText: '● Recording (started by alice)' }).waitFor(SHOWN);
  await clickRecording(bob, 'Pause recording');
  for (const page of [alice, bob]) await recordingIndicator(page).filter({ hasText: 'Recording paused' }).waitFor(SHOWN);
  await recordingGroup(alice).getByRole('button', { name: 'Resume recording' }).waitFor();
  await clickRecording(alice, 'Stop recording');
  for (const page of [alice, bob]) await recordingIndicator(page).waitFor({ state: 'hidden', ...SHOWN });
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await idle(alice);
});

it('the history plays a recording from a link fetched by range; no page gets a Twilio media URL; nothing without a session', async () => {
  const { sim, pages } = shared;
  const { alice, phone } = await answeredByAlice(shared, CALLER);
  const received: Response[] = [];
  alice.on('response', (response) => received.push(response));
  const callSid = sim.calls().find((c) => c.from === CALLER && !c.endedAt)!.sid;
  await clickRecording(alice, 'Record');
  await recordingIndicator(alice).filter({ hasText: '● Recording' }).waitFor(SHOWN);
  await talk(phone, alice, 2000);
  await phone.locator('#hangup').click();
  await idle(alice);
  const recording = await completedRecording(callSid);

  const item = alice.locator(`[data-recording="${recording.sid}"]`);
  await item.filter({ hasText: /Recording \d+:\d\d · started by alice/ }).waitFor({ timeout: 40_000 });
  await item.getByRole('button', { name: /^Play the recording of the call with/ }).click();
  await item.getByRole('button', { name: /^Pause the recording of the call with/ }).waitFor({ timeout: 15_000 });
  await until(() => alice.evaluate(() => [...document.querySelectorAll('audio')].some((audio) => audio.currentTime > 0.5)), 'the recording playing', 15_000);
  const ranged = received.filter((r) => new URL(r.url()).pathname === '/recording');
  expect(ranged.length).toBeGreaterThan(0);
  for (const response of ranged) {
    expect(new URL(response.url()).searchParams.get('sig')).toBeTruthy();
    expect(await response.request().headerValue('authorization')).toBeNull();
    expect([200, 206]).toContain(response.status());
  }
  // Nothing the page received names Twilio's media (or the account): bodies of our JSON answers, and the page itself.
  for (const response of received.filter((r) => (r.headers()['content-type'] ?? '').includes('json'))) {
    expect(await response.text()).not.toMatch(/twilio\.com|\/Recordings\/RE|AC[0-9a-f]{32}/);
  }
  expect(await alice.content()).not.toMatch(/twilio\.com\/2010|\/Recordings\/RE/);

  // Without a valid session: no link, no audio, no deletion.
  const anonymous = await pages.page(await pages.profile(), '/');
  const statuses = await anonymous.evaluate(async (id) => {
    const status = async (path: string, init?: RequestInit) => (await fetch(path, init)).status;
    return [
      await status(`/recording-link?id=${id}`),
      await status(`/recording?id=${id}`),
      await status(`/recording?id=${id}&who=alice&exp=${Math.floor(Date.now() / 1000) + 60}&sig=forged`),
      await status('/recording-delete', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `id=${id}` }),
      await status(`/recording-link?id=${id}`, { headers: { Authorization: 'Bearer not.a.token' } }),
    ];
  }, recording.sid);
  expect(statuses).toEqual([401, 401, 401, 401, 401]);
  expect(sim.recordings.get(recording.sid)).toBeDefined();
});

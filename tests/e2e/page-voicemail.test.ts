/**
 * Voicemail and the team's call history end to end: real Chromium pages, the real data Functions
 * in twilio-run, the simulator's REST API. A phone (protocol client) calls the team: carol
 * answers one call, the caller gives up on another, nobody takes the third, which goes to
 * voicemail; its recording is put in the simulator's store as <Record> leaves it (the media plane
 * that records real audio is not merged yet). alice sees it within 15 s with its length, plays it
 * (MP3 fetched with Bearer), bob on a fresh profile sees it and the history, alice deletes it for
 * both; the section says so when the endpoints cannot be reached and recovers.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { launchChromium } from '../support/browser';
import { PStreamClient } from '../support/pstream-client';
import { newProfile, openPage, screenshot, signInReady } from '../support/softphone';
import { until } from '../support/until';
import { sdp, tokenFor } from '../simulator/helpers';
import { callEnded, callTeam, leaveVoicemail, phoneFor } from '../support/team-calls';

jest.setTimeout(120_000);

const CALLER = '+12025550143';
const SHOWN = '+1 202 555 0143';

let sim: Simulator;
let browser: Browser;
let aliceProfile: BrowserContext;
let bobProfile: BrowserContext;
let alice: Page;
let phone: PStreamClient;
let carol: PStreamClient;
let recordingSid: string;
const recordingRequests: Request[] = [];

const voicemail = (page: Page) => page.getByRole('region', { name: 'Voicemail' });
const messages = (page: Page) => voicemail(page).getByRole('listitem');
const historyRows = (page: Page) => page.getByRole('region', { name: 'Call history' }).getByRole('listitem');
const audioState = (page: Page) =>
  page.evaluate(() => {
    const audio = document.getElementById('voicemail-audio') as HTMLAudioElement;
    return { paused: audio.paused, time: audio.currentTime };
  });

beforeAll(async () => {
  [sim, browser] = await Promise.all([startSimulator({ env: { RING_TIMEOUT: '5' } }), launchChromium()]);
  [phone, carol] = await Promise.all([phoneFor(sim, CALLER), PStreamClient.registered(sim.url, tokenFor(sim, 'carol'))]);
  [aliceProfile, bobProfile] = await Promise.all([newProfile(browser, sim.url), newProfile(browser, sim.url)]);
  alice = await openPage(aliceProfile, sim.url);
  alice.on('request', (request) => new URL(request.url()).pathname === '/recording' && recordingRequests.push(request));
}, 60_000);

afterAll(async () => {
  phone?.close();
  carol?.close();
  await browser?.close();
  await sim?.stop();
});

it('lists a missed call’s voicemail on a signed-in page within 15 s, with its length', async () => {
  await signInReady(alice, 'alice', sim.passcodes.alice);
  await voicemail(alice).getByText('No messages.').waitFor({ timeout: 16_000 });

  // carol answers the first call.
  const answered = await callTeam(sim, phone, CALLER);
  const invite = await carol.next('invite');
  carol.send('answer', { callsid: invite.callsid, sdp: sdp('carol') });
  await phone.next('answer');
  await new Promise((resolve) => setTimeout(resolve, 1200));
  carol.send('hangup', { callsid: invite.callsid });
  await callEnded(sim, answered);
  // The caller gives up while the team's phones ring.
  const missed = await callTeam(sim, phone, CALLER);
  await carol.next('invite');
  phone.send('hangup', { callsid: missed });
  await callEnded(sim, missed);
  // Nobody takes the third call within RING_TIMEOUT: voicemail, and a 3 s message.
  const unanswered = await callTeam(sim, phone, CALLER);
  await callEnded(sim, unanswered);
  const left = Date.now();
  recordingSid = await leaveVoicemail(sim, unanswered, 3);

  await messages(alice).first().waitFor({ timeout: 16_000 });
  console.log(`Voicemail listed ${Date.now() - left} ms after the recording was stored`);
  const text = await messages(alice).first().innerText();
  expect(text).toContain(SHOWN);
  expect(text).toMatch(/· 0:03/);
  expect(await voicemail(alice).getByRole('heading').innerText()).toMatch(/Voicemail\s+1 new/);
});

it('plays it: the MP3 comes through /recording with the Bearer token, and the audio advances', async () => {
  await alice.getByRole('button', { name: `Play the message from ${SHOWN}` }).click();
  await until(
    async () => {
      const { paused, time } = await audioState(alice);
      return !paused && time > 0.5;
    },
    'the message to play',
    10_000,
  );
  expect(recordingRequests.map((r) => new URL(r.url()).search)).toEqual([`?id=${recordingSid}`]);
  expect(await recordingRequests[0].headerValue('authorization')).toMatch(/^Bearer eyJ/);
  const response = await recordingRequests[0].response();
  expect(response?.headers()['content-type']).toBe('audio/mpeg');
  // The page never sees where Twilio keeps it.
  expect(await alice.content()).not.toMatch(/api\.twilio\.com|\/Recordings\/|\.mp3/);
  expect(await alice.evaluate(() => (document.getElementById('voicemail-audio') as HTMLAudioElement).duration)).toBeCloseTo(3, 0);
});

it('shows bob, on a fresh profile, the same message and the team’s history', async () => {
  const bob = await openPage(bobProfile, sim.url);
  await signInReady(bob, 'bob', sim.passcodes.bob);
  await messages(bob).first().waitFor({ timeout: 16_000 });
  expect(await messages(bob).first().innerText()).toContain(SHOWN);
  expect(await voicemail(bob).getByRole('heading').innerText()).toMatch(/1 new/);
  await until(async () => (await historyRows(bob).count()) >= 3, 'the history');
  const rows = await historyRows(bob).allInnerTexts();
  expect(rows[0]).toMatch(/Incoming, voicemail/);
  expect(rows[0]).toContain('Voicemail 0:03');
  expect(rows[1]).toMatch(/Incoming, missed/);
  expect(rows[2]).toMatch(/Incoming, answered by carol, 0:0[12]/);
  for (const row of rows.slice(0, 3)) expect(row).toContain(SHOWN);
  await screenshot(bob, 'voicemail-real-1280x800');

  // alice deletes it; it is gone for bob at his next refresh, and at Twilio.
  await alice.getByRole('button', { name: `Delete the message from ${SHOWN}` }).click();
  await alice.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await voicemail(alice).getByText('No messages.').waitFor();
  await voicemail(bob).getByText('No messages.').waitFor({ timeout: 16_000 });
  expect(sim.recordings.get(recordingSid)).toBeUndefined();
  await bob.close();
});

it('says so in the section when the data endpoints cannot be reached, and recovers', async () => {
  // The page's updates (/team) and the section's own fetches both fail.
  await alice.route('**/{voicemail,team}', (route) => route.abort('internetdisconnected'));
  await voicemail(alice)
    .getByText(/SB_NETWORK.*Retrying in \d+ s/)
    .waitFor({ timeout: 16_000 });
  expect(await alice.getByRole('alert').isHidden()).toBe(true);
  expect(await alice.locator('#presence').getAttribute('data-state')).toBe('registered');
  await alice.unroute('**/{voicemail,team}');
  await voicemail(alice).getByText('No messages.').waitFor({ timeout: 35_000 });
});

/**
 * The simulated phone page as a tester meets it, in real Chromium with the real Voice SDK:
 * - calling the team with nobody signed in, it says "In call" once the greeting answers the call,
 *   shows the greeting as being spoken while its audio arrives, then the beep, then "Recording"
 *   once the greeting's audio is over (the order the line played them, never ahead of the sound);
 * - after `npm start` restarts on the same state folder it registers again by itself, without a
 *   reload, and calls again (a signed-in teammate's page, registered again too, rings); a
 *   simulator started afresh (another account) gets it a new token.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { DEFAULT_VOICEMAIL_GREETING } from '../../src/lib/config/config';
import { freePort } from '../../build/local-runtime';
import { inboundAudio, launchChromium } from '../support/browser';
import { newProfile, openPage, signInReady, waitPresence } from '../support/softphone';
import { phonePage } from '../support/transfer-scenario';

const CALLER = '+14155550123';
let browser: Browser;
const running = new Set<Simulator>();

async function simulator(port: number, stateFolder: string): Promise<Simulator> {
  const sim = await startSimulator({ port, stateFolder, env: { RING_TIMEOUT: '5' }, mediaLoopback: true });
  running.add(sim);
  return sim;
}
async function stop(sim: Simulator): Promise<void> {
  await sim.stop();
  running.delete(sim);
}

beforeAll(async () => {
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([...running].map((sim) => sim.stop()));
});

const state = (page: Page, name: string, timeout = 15_000) => page.locator(`#status[data-state="${name}"]`).waitFor({ timeout });
const now = (page: Page) => page.locator('#now');
const energy = async (page: Page) => (await inboundAudio(page)).energy;

/** Starts keeping, in the page, each change of what the phone says plays now and of its status. */
function watchNow(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen: string[][] = [];
    (window as unknown as { nowSeen: string[][] }).nowSeen = seen;
    const note = () => seen.push([document.getElementById('now')!.dataset.kind ?? '', document.getElementById('status')!.dataset.state ?? '']);
    new MutationObserver(note).observe(document.getElementById('now')!, { attributes: true, childList: true, characterData: true, subtree: true });
  });
}
const nowSeen = (page: Page) => page.evaluate(() => (window as unknown as { nowSeen: string[][] }).nowSeen);

test('voicemail: "In call" from the greeting on; the greeting shown while it is heard, then the beep, then "Recording" once it is over', async () => {
  const sim = await simulator(await freePort(), mkdtempSync(join(tmpdir(), 'sim-phone-')));
  const phone = await phonePage(await newProfile(browser, sim.url), sim.url, CALLER);
  await watchNow(phone);
  await phone.getByRole('button', { name: 'Call' }).click();

  await now(phone)
    .filter({ hasText: `Speaking: “${DEFAULT_VOICEMAIL_GREETING}”` })
    .waitFor({ timeout: 20_000 });
  // Answered: the greeting answers the call, so the phone is in the call from now on.
  await state(phone, 'in-call', 1000);
  expect(await phone.locator('#status').textContent()).toBe('In call');
  const heard = phone.getByRole('region', { name: 'What the line says' }).getByRole('listitem');
  expect(await heard.count()).toBe(0); // nothing is over yet
  // While the page says the greeting is being spoken, its sound arrives.
  const before = await energy(phone);
  await phone.waitForTimeout(400);
  const during = (await energy(phone)) - before;
  expect(await now(phone).getAttribute('data-kind')).toBe('say');
  expect(during).toBeGreaterThan(0);

  await now(phone).filter({ hasText: 'Recording' }).waitFor({ timeout: 20_000 });
  expect(await heard.allTextContents()).toEqual([DEFAULT_VOICEMAIL_GREETING, '(beep)']);
  // Once the page says "Recording", the greeting (and the beep) are over: the line is silent.
  await phone.waitForTimeout(300);
  const recordingStart = await energy(phone);
  await phone.waitForTimeout(400);
  expect((await energy(phone)) - recordingStart).toBeLessThan(during / 20);

  // What the page showed, in order: the greeting, the beep, the recording, all while in the call.
  const seen = (await nowSeen(phone)).filter(([kind]) => kind);
  const kinds = seen.map(([kind]) => kind).filter((kind, i, all) => kind !== all[i - 1]);
  expect(kinds).toEqual(['say', 'beep', 'record']);
  expect(new Set(seen.map(([, status]) => status))).toEqual(new Set(['in-call']));
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await state(phone, 'ready');
  expect(await now(phone).textContent()).toBe('');
  await stop(sim);
}, 90_000);

test('a restart on the same state folder: the open phone page registers again by itself and calls; started afresh, it gets a new token', async () => {
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), 'sim-phone-'));
  let sim = await simulator(port, folder);
  const phone = await phonePage(await newProfile(browser, sim.url), sim.url, CALLER);
  await phone.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const alice = await openPage(await newProfile(browser, sim.url), sim.url);
  await signInReady(alice, 'alice', sim.passcodes.alice);
  // Stopped only once alice's page has everything it loads after registering: this test is about the line coming back.
  await alice.waitForLoadState('networkidle');

  await stop(sim);
  await state(phone, 'reconnecting');
  expect(await phone.locator('#status').textContent()).toBe('Reconnecting to the simulator…');
  // alice's line is lost too: seen so, her 'registered' below is the new registration, not the old one still showing.
  await waitPresence(alice, 'reconnecting', 40_000);
  sim = await simulator(port, folder);
  await state(phone, 'ready', 40_000);
  await waitPresence(alice, 'registered', 40_000);
  await phone.getByRole('button', { name: 'Call' }).click();
  await alice.getByRole('region', { name: 'Incoming call' }).waitFor({ timeout: 20_000 });
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await state(phone, 'ready');
  await alice.close();

  // Another account (the state folder deleted): the old token is refused, the page fetches a new one.
  await stop(sim);
  await state(phone, 'reconnecting');
  sim = await simulator(port, mkdtempSync(join(tmpdir(), 'sim-phone-')));
  await state(phone, 'ready', 40_000);
  expect(await phone.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await phone.getByRole('button', { name: 'Call' }).click();
  await state(phone, 'in-call', 20_000);
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await stop(sim);
}, 150_000);

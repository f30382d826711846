/**
 * `<Conference>` with the real Voice SDK in Chromium: three simulated phones call the team number,
 * whose Voice URL (a tiny local TwiML server) puts each into one conference. The first hears hold
 * music while alone; then each phone in turn talks (a fake microphone tone) and the other two
 * receive audio energy while the talker receives none: the mix never sends anyone their own voice.
 */
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { inboundAudio, launchChromium } from '../support/browser';
import { setTalking } from '../support/fake-microphone';
import { newProfile } from '../support/softphone';
import { phonePage } from '../support/transfer-scenario';
import { until } from '../support/until';

const NUMBERS = ['+14155550131', '+14155550132', '+14155550133'];
/** Energy (getStats totalAudioEnergy) that counts as "heard something" over a talk turn, and as "heard nothing". */
const HEARD = 0.01;
const NOTHING = 0.001;

let sim: Simulator;
let browser: Browser;
let phones: Page[];
let server: Server;

const stateOf = (page: Page, state: string) => page.locator(`#status[data-state="${state}"]`).waitFor({ timeout: 15_000 });

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'Content-Type': 'text/xml' }).end('<Response><Dial><Conference beep="false">team-huddle</Conference></Dial></Response>'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const voiceUrl = `http://localhost:${(server.address() as { port: number }).port}/voice`;
  [sim, browser] = await Promise.all([startSimulator({ voiceUrl }), launchChromium()]);
  phones = await Promise.all(NUMBERS.map(async (number) => phonePage(await newProfile(browser, sim.url), sim.url, number)));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  server?.close();
});

/** Every phone's audio energy received so far. */
const energies = () => Promise.all(phones.map(async (page) => (await inboundAudio(page)).energy));

test('a lone participant hears hold music; three phones are mixed, each hearing the other two and never itself', async () => {
  await phones[0].getByRole('button', { name: 'Call' }).click();
  await stateOf(phones[0], 'in-call');
  const alone = (await inboundAudio(phones[0])).energy;
  await until(async () => (await inboundAudio(phones[0])).energy > alone + HEARD, 'hold music at the lone participant');

  for (const phone of phones.slice(1)) {
    await phone.getByRole('button', { name: 'Call' }).click();
    await stateOf(phone, 'in-call');
  }
  const conference = sim.conferences.list().find((c) => c.friendlyName === 'team-huddle' && c.status === 'in-progress');
  await until(() => conference?.participants.size === 3, 'three participants');
  // Give the mix a moment to settle (the hold music stops once a second participant is in).
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const turns: { talker: number; gained: number[] }[] = [];
  for (const [talker, page] of phones.entries()) {
    const before = await energies();
    await setTalking(page, true);
    await until(async () => {
      const now = await energies();
      return now.every((energy, i) => i === talker || energy > before[i] + HEARD);
    }, `phone ${talker} heard by the others`);
    await setTalking(page, false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await energies();
    turns.push({ talker, gained: after.map((energy, i) => energy - before[i]) });
  }
  for (const page of phones) await page.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all(phones.map((page) => stateOf(page, 'ready')));

  for (const { talker, gained } of turns) {
    for (const [i, gain] of gained.entries()) {
      if (i === talker) expect(gain).toBeLessThan(NOTHING);
      else expect(gain).toBeGreaterThan(HEARD);
    }
  }
  expect(sim.conferences.list().find((c) => c.sid === conference?.sid)?.status).toBe('completed');
}, 120_000);

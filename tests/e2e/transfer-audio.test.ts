/**
 * Cold transfer with real audio, the real SDK in Chromium on the simulator's media plane: the
 * simulated phone calls the team, alice answers, and transfers the caller to bob (whose page shows
 * who transferred and the caller) or to another phone number; the caller then talks with the
 * target, proven by getStats() audio energy both ways, and alice's call is over. The call's
 * conference is arranged in the simulator's ConferenceStore as `<Conference>` leaves it after a move;
 * hold music, an unanswered transfer coming back and consultations with audio need the simulator's
 * conference mixing (tests/integration/call-control.test.ts covers their REST side).
 */
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { launchChromium } from '../support/browser';
import { pagesPerTest } from '../support/page-fixture';
import { clickTransfer, hearsSound, incomingBanner as banner, phoneAnsweredByAlice, phonePage } from '../support/transfer-scenario';

jest.setTimeout(90_000);

const CALLER = '+12025550143';
const OUTSIDE = '+14155550199';
let sim: Simulator;
let browser: Browser;
const pages = pagesPerTest(() => ({ browser, url: sim.url }));

beforeAll(async () => {
  [sim, browser] = await Promise.all([startSimulator({ env: { RING_TIMEOUT: '15' } }), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
});

const idle = (page: Page) => page.getByRole('button', { name: 'Call', exact: true }).waitFor({ timeout: 20_000 });

/** The phone calls the team, alice answers; the call's conference holds both legs. */
async function answeredByAlice(): Promise<{ alice: Page; bob: Page; phone: Page }> {
  const [alice, bob] = await Promise.all([pages.signedIn('alice', sim.passcodes.alice), pages.signedIn('bob', sim.passcodes.bob)]);
  const phone = await phonePage(browser, sim, CALLER);
  await phoneAnsweredByAlice(sim, phone, alice, CALLER);
  return { alice, bob, phone };
}

it('to bob: his page rings with "transferred by alice" and the caller, accepts; phone ↔ bob audio; alice`s call ended', async () => {
  const { alice, bob, phone } = await answeredByAlice();
  const clicked = await clickTransfer(alice, 'bob');
  await banner(bob).waitFor();
  console.log(`Transfer click → bob's page rings: ${Date.now() - clicked} ms`);
  const shown = await banner(bob).innerText();
  expect(shown).toMatch(/Transferred by\s+alice/);
  expect(shown).toContain(CALLER);
  await bob.getByRole('button', { name: 'Accept' }).click();
  await idle(alice);
  await Promise.all([hearsSound(phone, 'bob at the phone'), hearsSound(bob, 'the phone at bob')]);
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await phone.locator('#status[data-state="ready"]').waitFor({ timeout: 15_000 });
});

it('to a phone number: the other phone rings, answers and talks with the caller; alice`s call ended', async () => {
  const { alice, phone } = await answeredByAlice();
  const outside = await phonePage(browser, sim, OUTSIDE);
  await clickTransfer(alice, OUTSIDE);
  await outside.locator('#status[data-state="incoming"]').waitFor({ timeout: 15_000 });
  await outside.locator('#accept').click();
  await idle(alice);
  await Promise.all([hearsSound(phone, 'the outside phone at the caller'), hearsSound(outside, 'the caller at the outside phone')]);
  await outside.locator('#hangup').click();
});

/**
 * A session over many token lifetimes (TOKEN_TTL=15 s): the page refreshes its token itself,
 * shows a failed refresh and recovers from it, comes back after the signaling socket drops, and
 * still places and receives calls with audio afterwards.
 */
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { launchChromium } from '../support/browser';
import { audioArrives, framesSent, newProfile, openPage, signInReady, waitPresence } from '../support/softphone';

const TTL_SECONDS = 15;
jest.setTimeout(90_000);

let sim: Simulator;
let browser: Browser;
let alice: Page;
let bob: Page;
let signedInAt: number;
const tokenFetches = new Map<Page, number>();

beforeAll(async () => {
  [sim, browser] = await Promise.all([startSimulator({ env: { TOKEN_TTL: String(TTL_SECONDS) } }), launchChromium()]);
  [alice, bob] = await Promise.all([newProfile(browser, sim.url), newProfile(browser, sim.url)].map(async (profile) => openPage(await profile, sim.url)));
  for (const page of [alice, bob]) {
    tokenFetches.set(page, 0);
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/token' && response.ok()) tokenFetches.set(page, tokenFetches.get(page)! + 1);
    });
  }
  signedInAt = Date.now();
  await Promise.all([signInReady(alice, 'alice', sim.passcodes.alice), signInReady(bob, 'bob', sim.passcodes.bob)]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
});

const notice = (page: Page) => page.getByRole('alert');


it('shows a refresh that fails, keeps retrying and recovers', async () => {
  await alice.route('**/token', (route) => route.abort('connectionrefused'));
  await notice(alice).getByText('The session could not be renewed', { exact: true }).waitFor({ timeout: TTL_SECONDS * 1000 });
  expect(await notice(alice).innerText()).toMatch(/SB_REFRESH[\s\S]*Attempt \d+ failed; retrying in \d+ s/);
  await alice.unroute('**/token');
  await notice(alice).waitFor({ state: 'hidden', timeout: 10_000 });
  await waitPresence(alice, 'registered');
});

it('reconnects by itself when the signaling connection drops', async () => {
  sim.dropSockets('alice');
  await waitPresence(alice, 'reconnecting', 5000);
  await waitPresence(alice, 'registered', 20_000);
  expect(await alice.locator('#presence').innerText()).toContain('Ready for calls');
});

it('still calls and is called, with audio, after several token lifetimes', async () => {
  const wait = signedInAt + 3.3 * TTL_SECONDS * 1000 - Date.now();
  if (wait > 0) await alice.waitForTimeout(wait);
  for (const page of [alice, bob]) {
    // A refresh every ~11 s since sign-in, each handed to the Device as a new `listen`.
    expect(tokenFetches.get(page)).toBeGreaterThanOrEqual(4);
    expect(framesSent(page, 'listen').length).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#presence').getAttribute('data-state')).toBe('registered');
    expect(await notice(page).isHidden()).toBe(true);
  }

  await alice.getByRole('button', { name: 'Call bob' }).click();
  await bob.getByRole('button', { name: 'Accept' }).click();
  await Promise.all([audioArrives(alice), audioArrives(bob)]);
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await alice.getByRole('button', { name: 'Call', exact: true }).waitFor();

  await bob.getByRole('button', { name: 'Call alice' }).click();
  await alice.getByRole('button', { name: 'Accept' }).click();
  await Promise.all([audioArrives(alice), audioArrives(bob)]);
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await bob.getByRole('button', { name: 'Call', exact: true }).waitFor();
});

/**
 * A session over many token lifetimes (TOKEN_TTL=15 s): the page forgets the passcode once signed
 * in, refreshes its token itself with that token (Bearer, never the passcode), shows a failed
 * refresh and recovers from it, comes back after the signaling socket drops, and still places and
 * receives calls with audio afterwards.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { launchChromium } from '../support/browser';
import { watchTokenRequests, stringsInHeap, type TokenExchange } from '../support/session-watch';
import { audioArrives, framesSent, newProfile, openPage, signInReady, waitPresence } from '../support/softphone';

const TTL_SECONDS = 15;
jest.setTimeout(90_000);

let sim: Simulator;
let browser: Browser;
let alice: Page;
let bob: Page;
let signedInAt: number;
const tokenFetches = new Map<Page, number>();
const exchanges = new Map<Page, TokenExchange[]>();

beforeAll(async () => {
  [sim, browser] = await Promise.all([startSimulator({ env: { TOKEN_TTL: String(TTL_SECONDS) } }), launchChromium()]);
  [alice, bob] = await Promise.all([newProfile(browser, sim.url), newProfile(browser, sim.url)].map(async (profile) => openPage(await profile, sim.url)));
  for (const page of [alice, bob]) {
    exchanges.set(page, watchTokenRequests(page));
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

it('forgets the passcode once signed in: not in the form, not in the JavaScript heap', async () => {
  expect(await alice.getByLabel('Passcode').inputValue()).toBe('');
  const passcode = sim.passcodes.alice;
  const basic = Buffer.from(`alice:${passcode}`).toString('base64');
  const [signIn] = exchanges.get(alice)!;
  expect(signIn).toEqual(expect.objectContaining({ authorization: `Basic ${basic}`, status: 200 }));
  // The search itself works: the token the page does hold is found in the same snapshot.
  expect(await stringsInHeap(alice, [passcode, basic, signIn.token!])).toEqual([signIn.token]);
});

it('shows a refresh that fails, keeps retrying and recovers', async () => {
  await alice.route('**/token', (route) => route.abort('connectionrefused'));
  await notice(alice)
    .getByText('The session could not be renewed', { exact: true })
    .waitFor({ timeout: TTL_SECONDS * 1000 });
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
    // Sign-in with the passcode once, then each refresh presents the token issued just before it.
    const [signIn, ...refreshes] = exchanges.get(page)!;
    expect(signIn.authorization).toMatch(/^Basic /);
    let held = signIn.token;
    const unchained = refreshes.filter((refresh) => {
      const chained = refresh.authorization === `Bearer ${held}`;
      if (refresh.status === 200) held = refresh.token;
      return !chained;
    });
    expect(refreshes.length).toBeGreaterThanOrEqual(4);
    expect(unchained).toEqual([]);
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

it('a part of the page that failed to load comes back: once the site answers again the page reloads, and signed in again it rings', async () => {
  const carol = await openPage(await newProfile(browser, sim.url), sim.url);
  // A network blip right after signing in: everything but the sign-in fails, the calls chunk included.
  const blip = (route: Route) => (new URL(route.request().url()).pathname === '/token' ? route.continue() : route.abort('connectionrefused'));
  await carol.route('**/*', blip);
  await signInReady(carol, 'carol', sim.passcodes.carol);
  await notice(carol).getByText('Switchboard could not be reached', { exact: true }).waitFor();
  const reloaded = carol.waitForEvent('load', { timeout: 30_000 });
  await carol.unroute('**/*', blip);
  await reloaded;
  await signInReady(carol, 'carol', sim.passcodes.carol);
  await bob.getByRole('button', { name: 'Call carol' }).click();
  await carol.getByRole('button', { name: 'Accept' }).waitFor();
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await bob.getByRole('button', { name: 'Call', exact: true }).waitFor();
});

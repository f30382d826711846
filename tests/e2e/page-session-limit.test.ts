/**
 * The end of a session: with SESSION_MAX_HOURS=0.005 (18 s) and TOKEN_TTL=10 the page
 * renews its token with Bearer until the server refuses past the limit, then shows why and asks
 * for the passcode again; signing in again starts a new session.
 */
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { launchChromium } from '../support/browser';
import { watchTokenRequests, type TokenExchange } from '../support/session-watch';
import { newProfile, openPage, signInReady, waitPresence } from '../support/softphone';

const SESSION_SECONDS = 18;
jest.setTimeout(120_000);

let sim: Simulator;
let browser: Browser;
let alice: Page;
let exchanges: TokenExchange[];

beforeAll(async () => {
  [sim, browser] = await Promise.all([startSimulator({ env: { TOKEN_TTL: '10', SESSION_MAX_HOURS: String(SESSION_SECONDS / 3600) } }), launchChromium()]);
  alice = await openPage(await newProfile(browser, sim.url), sim.url);
  exchanges = watchTokenRequests(alice);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
});

it('renews with Bearer until the limit, then says the session is over and asks for the passcode', async () => {
  await signInReady(alice, 'alice', sim.passcodes.alice);
  const notice = alice.getByRole('alert');
  await notice.getByText('Your session has reached its time limit', { exact: true }).waitFor({ timeout: (SESSION_SECONDS + 20) * 1000 });
  expect(await notice.innerText()).toMatch(/SB_SESSION_OVER[\s\S]*Enter your passcode to sign in again/);

  // The sign-in form is back, ready for the passcode alone.
  await alice.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await alice.locator('#phone-view').isHidden()).toBe(true);
  expect(await alice.getByLabel('Identity').inputValue()).toBe('alice');
  expect(await alice.getByLabel('Passcode').inputValue()).toBe('');
  expect(await alice.evaluate(() => document.activeElement?.id)).toBe('passcode');
  await waitPresence(alice, 'offline');

  // One passcode sign-in, renewals with Bearer that worked, and a last one refused past the limit.
  const [signIn, ...renewals] = exchanges;
  expect([signIn.authorization.split(' ')[0], signIn.status]).toEqual(['Basic', 200]);
  expect(renewals.map((r) => r.authorization.split(' ')[0])).toEqual(renewals.map(() => 'Bearer'));
  expect(renewals.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
  expect(renewals.at(-1)).toEqual(expect.objectContaining({ status: 401, code: 'SB_SESSION_OVER' }));
  expect(renewals.filter((r) => r.status !== 200)).toHaveLength(1);
});

it('starts a new session with the passcode', async () => {
  const before = exchanges.length;
  await alice.getByLabel('Passcode').fill(sim.passcodes.alice);
  await alice.getByRole('button', { name: 'Sign in' }).click();
  await waitPresence(alice, 'registered');
  expect(exchanges[before]).toEqual(expect.objectContaining({ authorization: expect.stringMatching(/^Basic /), status: 200 }));
  expect(await alice.getByRole('alert').isHidden()).toBe(true);
});

/**
 * Sign-in throttling and "Sign out everywhere" in real Chromium against the simulator, whose Sync
 * the Functions keep the team's state in. The Sync clock is the test's (the wait after five wrong
 * passcodes passes when the test moves it); nothing waits on the wall clock.
 */
import type { Page } from 'playwright-core';
import { softphonesPerFile } from '../support/page-fixture';
import { signIn, signInReady, waitPresence } from '../support/softphone';

jest.setTimeout(90_000);

/** The simulator's Sync clock (ms), moved by the tests. */
let syncNow = Date.now();
const phones = softphonesPerFile({ syncNow: () => syncNow });
const { pages } = phones;
const sim = () => phones.sim;

const notice = (page: Page) => page.getByRole('alert');
/** The status of the next /token answer the page receives. */
const nextTokenStatus = (page: Page) => page.waitForResponse((response) => new URL(response.url()).pathname === '/token').then((response) => response.status());

test('five wrong passcodes: the page says when to try again, in either language; the right one is refused until then, then works', async () => {
  const page = await pages.page(await pages.profile());
  for (let i = 1; i <= 4; i++) {
    const status = nextTokenStatus(page);
    await signIn(page, 'bob', `wrong-${i}`);
    expect(await status).toBe(401);
    await notice(page).getByText('Unknown identity or wrong passcode', { exact: true }).waitFor();
  }
  const fifth = nextTokenStatus(page);
  await signIn(page, 'bob', 'wrong-5');
  expect(await fifth).toBe(429);
  await notice(page).getByText('Too many wrong passcodes for this name', { exact: true }).waitFor();
  expect(await notice(page).innerText()).toMatch(/SB_SIGN_IN_WAIT[\s\S]*Try again at \d{1,2}:\d{2}:\d{2}\s*(AM|PM)?\.[\s\S]*doubles the wait, up to 15 minutes/);

  // The right passcode is refused during the wait: the form stays, with the same reason.
  await notice(page).getByRole('button', { name: 'Dismiss' }).click();
  const refused = nextTokenStatus(page);
  await signIn(page, 'bob', sim().passcodes.bob);
  expect(await refused).toBe(429);
  await notice(page).getByText('Too many wrong passcodes for this name', { exact: true }).waitFor();
  expect(await page.locator('#phone-view').isHidden()).toBe(true);

  // The same wait in Japanese.
  await page.locator('#language').selectOption('ja');
  const again = nextTokenStatus(page);
  await page.locator('#passcode').fill(sim().passcodes.bob);
  await page.locator('#sign-in').click();
  expect(await again).toBe(429);
  await notice(page).getByText('この名前でパスコードの誤りが多すぎます', { exact: true }).waitFor();
  expect(await notice(page).innerText()).toMatch(/\d{1,2}:\d{2}:\d{2} 以降にもう一度お試しください。/);
  await page.locator('#language').selectOption('en');

  // A minute later (on Sync's clock) the right passcode signs bob in.
  syncNow += 60_000;
  await signInReady(page, 'bob', sim().passcodes.bob);
  expect(await notice(page).isHidden()).toBe(true);
});

test('Sign out everywhere: after a confirmation, every browser of that person asks for the passcode, saying why; teammates go on', async () => {
  const [here, there, carol] = [await pages.signedIn('alice', sim().passcodes.alice), await pages.signedIn('alice', sim().passcodes.alice), await pages.signedIn('carol', sim().passcodes.carol)];
  const why = /You were signed out everywhere[\s\S]*SB_SESSION_REVOKED[\s\S]*Enter your passcode to sign in again/;

  // Changing one's mind changes nothing.
  await here.getByRole('button', { name: 'Sign out everywhere' }).click();
  await here.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  expect(await here.locator('#presence').getAttribute('data-state')).toBe('registered');

  const ended = here.waitForResponse((response) => new URL(response.url()).pathname === '/sign-out-everywhere');
  await here.getByRole('button', { name: 'Sign out everywhere' }).click();
  await here.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
  expect((await ended).status()).toBe(200);
  await waitPresence(here, 'offline');
  expect(await notice(here).innerText()).toMatch(why);

  // The other browser learns it at its next request (its records are asked for every few seconds).
  await notice(there).getByText('You were signed out everywhere', { exact: true }).waitFor({ timeout: 30_000 });
  expect(await notice(there).innerText()).toMatch(why);
  await waitPresence(there, 'offline');
  expect(await there.getByLabel('Passcode').inputValue()).toBe('');

  // A new sign-in works, and carol never noticed.
  await there.getByLabel('Passcode').fill(sim().passcodes.alice);
  await there.getByRole('button', { name: 'Sign in' }).click();
  await waitPresence(there, 'registered');
  expect(await carol.locator('#presence').getAttribute('data-state')).toBe('registered');
  expect(await notice(carol).isHidden()).toBe(true);
});

test('Sign out everywhere while Sync is down: the page says so and when to try again, and stays signed in', async () => {
  const page = await pages.signedIn('carol', sim().passcodes.carol);
  sim().sync.available = false;
  try {
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await notice(page).getByText('Twilio Sync did not answer in time', { exact: true }).waitFor();
  } finally {
    sim().sync.available = true;
  }
  expect(await notice(page).innerText()).toMatch(/SB_STORE_UNAVAILABLE[\s\S]*Try again at \d{1,2}:\d{2}:\d{2}/);
  expect(await page.locator('#presence').getAttribute('data-state')).toBe('registered');
});

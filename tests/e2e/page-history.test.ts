/**
 * One history, in real Chromium on the simulator with the real Functions: the team's Call history
 * is the only list of calls on the page, and its **Mine** view shows each teammate their own calls
 * (placed, answered) and not a call a teammate took while theirs rang. The view is chosen with
 * buttons (mouse or keyboard), kept per person in the browser, and Call back works from the history.
 */
import type { Page } from 'playwright-core';
import { softphonesPerFile } from '../support/page-fixture';
import { signInReady } from '../support/softphone';
import { until } from '../support/until';

jest.setTimeout(90_000);

const CALLER = '+14155550123';
/** The caller's number as the page shows it, once the dialling policy has loaded. */
const SHOWN = '+1 415 555 0123';
const shared = softphonesPerFile();
const pages = shared.pages;

const history = (page: Page) => page.getByRole('region', { name: 'Call history' });
const rows = (page: Page) => history(page).getByRole('listitem').allInnerTexts();
const viewButton = (page: Page, name: 'All' | 'Mine') => history(page).getByRole('group', { name: 'Show' }).getByRole('button', { name, exact: true });
const banner = (page: Page) => page.getByRole('region', { name: 'Incoming call' });
const idle = (page: Page) => page.getByRole('button', { name: 'Call', exact: true }).waitFor();
/** Waits until the history shows a row matching `pattern` (it refreshes when a call here ends, or within 15 s). */
const rowShows = (page: Page, pattern: RegExp, what: string) => until(async () => (await rows(page)).some((text) => pattern.test(text)), what, 20_000);
/** The history's alice → bob call answered by bob. */
const ALICE_TO_BOB = /alice → bob[\s\S]*Teammates, by alice, answered by bob/;

/** Presses a view button and waits until it is the pressed one and its first page is shown. */
async function show(page: Page, name: 'All' | 'Mine'): Promise<void> {
  await viewButton(page, name).click();
  await until(async () => (await viewButton(page, name).getAttribute('aria-pressed')) === 'true', `${name} pressed`);
  await history(page).locator('#history-status:not(:has-text("Loading"))').waitFor({ state: 'attached' });
}

it('alice calls bob, who answers: bob`s Mine shows it, carol`s does not, All shows it to both; no Recent calls anywhere', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((who) => pages.signedIn(who, shared.sim.passcodes[who as 'alice'])));
  await alice.getByRole('button', { name: 'Call bob' }).click();
  await banner(bob).waitFor();
  await bob.getByRole('button', { name: 'Accept' }).click();
  await alice.locator('#call-state').filter({ hasText: 'In call with bob' }).waitFor();
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all([idle(alice), idle(bob)]);

  // The view starts as All, a group of two real buttons.
  expect(await viewButton(bob, 'All').getAttribute('aria-pressed')).toBe('true');
  expect(await viewButton(bob, 'Mine').getAttribute('aria-pressed')).toBe('false');
  await rowShows(bob, ALICE_TO_BOB, 'the call in bob`s All');
  await show(bob, 'Mine');
  await rowShows(bob, ALICE_TO_BOB, 'the call in bob`s Mine');
  expect(await viewButton(bob, 'All').getAttribute('aria-pressed')).toBe('false');

  // carol took no part: her Mine has nothing; her All has the call. By keyboard this time.
  await rowShows(carol, ALICE_TO_BOB, 'the call in carol`s All');
  await viewButton(carol, 'Mine').focus();
  await carol.keyboard.press('Enter');
  await history(carol).getByText('No calls of yours yet.').waitFor();
  expect(await rows(carol)).toEqual([]);
  await carol.keyboard.press('Shift+Tab');
  await carol.keyboard.press('Space');
  await rowShows(carol, ALICE_TO_BOB, 'the call in carol`s All again');
  expect(await viewButton(carol, 'All').getAttribute('aria-pressed')).toBe('true');

  // The page has one list of calls: the team's.
  for (const page of [alice, bob, carol]) {
    expect(await page.getByText(/Recent calls/i).count()).toBe(0);
    expect(await page.locator('#recent-list, .recent').count()).toBe(0);
  }

  // bob's choice stays with bob in this browser: after a reload and a new sign-in, Mine again.
  await bob.reload();
  await signInReady(bob, 'bob', shared.sim.passcodes.bob);
  await rowShows(bob, ALICE_TO_BOB, 'the call in bob`s Mine after a reload');
  expect(await viewButton(bob, 'Mine').getAttribute('aria-pressed')).toBe('true');

  // Call back from the history rings the other teammate.
  await history(bob).getByRole('button', { name: 'Call back alice' }).first().click();
  await banner(alice).waitFor();
  await alice.getByRole('button', { name: 'Reject' }).click();
  await idle(bob);
});

it('a phone call alice answered while bob`s page rang is in alice`s Mine, not bob`s; both see it in All, with Call back', async () => {
  const [alice, bob] = await Promise.all(['alice', 'bob'].map((who) => pages.signedIn(who, shared.sim.passcodes[who as 'alice'])));
  await show(bob, 'Mine');
  await show(alice, 'Mine');
  const phone = await pages.page(bob.context(), `/__sim/phone?number=${encodeURIComponent(CALLER)}`);
  await phone.locator('#status[data-state="ready"]').waitFor();
  await phone.getByRole('button', { name: 'Call' }).click();
  await Promise.all([banner(alice).waitFor(), banner(bob).waitFor()]);
  await alice.getByRole('button', { name: 'Accept' }).click();
  await banner(bob).waitFor({ state: 'hidden' });
  await phone.locator('#status[data-state="in-call"]').waitFor();
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await idle(alice);

  const answeredByAlice = new RegExp(`${SHOWN.replace(/\+/g, '\\+')}[\\s\\S]*Incoming, answered by alice`);
  await rowShows(alice, answeredByAlice, 'the call in alice`s Mine');
  await show(bob, 'All');
  await rowShows(bob, answeredByAlice, 'the call in bob`s All');
  await show(bob, 'Mine');
  expect((await rows(bob)).filter((text) => text.includes(SHOWN))).toEqual([]);

  // Call back the number from the team's history.
  await history(alice)
    .getByRole('button', { name: `Call back ${SHOWN}` })
    .first()
    .click();
  await phone.locator('#status[data-state="incoming"]').waitFor();
  await phone.getByRole('button', { name: 'Reject' }).click();
  await idle(alice);
});

/**
 * The softphone page as people use it, in real Chromium on the simulator: sign in, call a
 * teammate and a phone, mute, DTMF, incoming calls on several tabs, accessibility, screenshots.
 * Audio is proven with getStats, never by "accepted" alone. The simulator and Chromium are shared;
 * every test signs in its own pages in fresh profiles (pagesPerTest), so each stands alone, and
 * each fails if its pages asked another host or broke the Content-Security-Policy.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { heardOver } from '../support/browser';
import { softphonesPerFile } from '../support/page-fixture';
import {
  audioArrives,
  framesSent,
  hideAndRecordNotifications,
  notificationsShown,
  pageWeightBeforeRegistered,
  responseStatuses,
  screenshot,
  signIn,
  signInReady,
  signInToRegistered,
} from '../support/softphone';
import { until } from '../support/until';

const BUDGET_BYTES = 70 * 1024;
const CALLER = '+14155550123';
/** The caller's number as every view of the page shows it, once the dialling policy has loaded. */
const SHOWN = '+1 415 555 0123';

jest.setTimeout(60_000);

const shared = softphonesPerFile();
const pages = shared.pages;

/** alice and bob, each signed in on a page of their own profile. */
const aliceAndBob = () => Promise.all([pages.signedIn('alice', shared.sim.passcodes.alice), pages.signedIn('bob', shared.sim.passcodes.bob)]);

/** Waits until the call panel says `text` (the live region repeats it, so look in the panel). */
const callState = (page: Page, text: string) => page.locator('#call-state').filter({ hasText: text }).waitFor();
const banner = (page: Page) => page.getByRole('region', { name: 'Incoming call' });
const notice = (page: Page) => page.getByRole('alert');
/** The rows of the team's Call history. */
const historyRows = (page: Page) => page.getByRole('region', { name: 'Call history' }).getByRole('listitem').allInnerTexts();
/** Resolves once the page formats numbers (the dialling policy loads after registration): the team number shows grouped. */
const numbersFormatted = (page: Page) =>
  page
    .locator('#team-number')
    .filter({ hasText: /\+\d+ \d/ })
    .waitFor();

it('signs in after a network failure and a wrong passcode, within the page-weight budget', async () => {
  const alice = await pages.page(await pages.profile());
  await alice.route('**/token', (route) => route.abort('internetdisconnected'));
  await signIn(alice, 'alice', shared.sim.passcodes.alice);
  await notice(alice).getByText('Switchboard could not be reached').waitFor();
  expect(await notice(alice).innerText()).toContain('SB_NETWORK');
  await alice.unroute('**/token');

  await signIn(alice, 'alice', 'not-the-passcode');
  await notice(alice).getByText('Unknown identity or wrong passcode').waitFor();
  expect(await notice(alice).innerText()).toContain('SB_AUTH');
  expect(await alice.locator('#presence').getAttribute('data-state')).toBe('offline');
  await screenshot(alice, 'sign-in-error-1280x800');

  await signInReady(alice, 'alice', shared.sim.passcodes.alice);
  expect(await notice(alice).isHidden()).toBe(true);
  expect(await alice.getByLabel('Passcode', { exact: true }).isVisible()).toBe(false);
  const weight = await pageWeightBeforeRegistered(alice);
  const ms = await signInToRegistered(alice);
  console.log(`Page weight before registered: ${(weight.gzipBytes / 1024).toFixed(1)} KB gzip ${JSON.stringify(weight.files)}; sign-in → registered ${Math.round(ms)} ms`);
  expect(weight.gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES);
  expect(Object.keys(weight.files).some((path) => /^\/assets\/app\.\w+\.js$/.test(path))).toBe(true);

  await pages.signedIn('bob', shared.sim.passcodes.bob);
  await alice.getByRole('button', { name: 'Call bob' }).waitFor();
  await screenshot(alice, 'phone-1280x800');

  // The Device loaded all 15 of its sounds from our assets (none from Twilio's CDN).
  const statuses = responseStatuses(alice);
  const sounds = [...statuses].filter(([path]) => path.startsWith('/assets/sounds/'));
  expect(sounds).toHaveLength(15);
  expect(sounds.every(([, status]) => status === 200)).toBe(true);

  // Chromium has setSinkId: speaker and ringtone can be chosen, starting at the system default.
  const speaker = alice.getByLabel('Speaker', { exact: true });
  await until(async () => (await speaker.locator('option').count()) > 1, 'the speaker list');
  expect(await speaker.inputValue()).toBe('');
  const choice = await speaker.locator('option').nth(1).getAttribute('value');
  await speaker.selectOption(choice);
  expect(await alice.getByLabel('Ringtone').inputValue()).toBe('');
  expect(await notice(alice).isHidden()).toBe(true);
});

it('calls a teammate from the directory, with audio both ways, mute and DTMF', async () => {
  const [alice, bob] = await aliceAndBob();
  await alice.getByRole('button', { name: 'Call bob' }).click();
  await banner(bob).waitFor();
  expect(await banner(bob).innerText()).toContain('alice');
  await screenshot(bob, 'incoming-1280x800');
  await bob.getByRole('button', { name: 'Accept' }).click();
  await callState(alice, 'In call with bob');
  await callState(bob, 'In call with alice');
  await Promise.all([audioArrives(alice), audioArrives(bob)]);
  expect(await banner(bob).isHidden()).toBe(true);
  // Both level meters move while audio flows.
  for (const meter of ['Microphone level', 'Speaker level']) {
    await until(async () => Number(await alice.getByRole('meter', { name: meter }).getAttribute('value')) > 0, `${meter} to move`);
  }
  await screenshot(alice, 'in-call-1280x800');

  // Mute: what bob hears from alice drops to (near) silence, and comes back.
  const loud = await heardOver(bob, 1500);
  await alice.getByRole('button', { name: 'Mute' }).click();
  expect(await alice.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
  await alice.waitForTimeout(300);
  const muted = await heardOver(bob, 1500);
  expect(loud).toBeGreaterThan(0);
  expect(muted).toBeLessThan(loud / 10);
  await alice.getByRole('button', { name: 'Mute' }).click();
  expect(await alice.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('false');

  // DTMF from the keypad leaves the page: as RFC 4733 tones on the audio sender when the media
  // negotiated telephone-event, otherwise as signaling `dtmf` messages (the SDK picks).
  await alice.evaluate(() => {
    const w = window as unknown as { __simPeers: RTCPeerConnection[]; tones: string };
    w.tones = '';
    for (const pc of w.__simPeers) for (const sender of pc.getSenders()) sender.dtmf?.addEventListener('tonechange', (e) => (w.tones += e.tone));
  });
  const framesBefore = framesSent(alice, 'dtmf').length;
  for (const key of ['1', '2', '#']) await alice.getByRole('button', { name: key, exact: true }).click();
  const digitsSent = async () => {
    const tones = await alice.evaluate(() => (window as unknown as { tones: string }).tones);
    return (
      tones +
      framesSent(alice, 'dtmf')
        .slice(framesBefore)
        .map((frame) => frame.dtmf)
        .join('')
    );
  };
  await until(async () => (await digitsSent()) === '12#', 'DTMF 1 2 # to be sent');
  await alice.getByText('Sent: 12#').waitFor();

  await alice.getByRole('button', { name: 'Hang up' }).click();
  await bob.getByRole('button', { name: 'Call', exact: true }).waitFor();
  await alice.getByRole('button', { name: 'Call', exact: true }).waitFor();
});

it('calls by typing: refuses what the policy refuses, formats numbers, reaches a phone and a rejecting teammate', async () => {
  const [alice, bob] = await aliceAndBob();
  const phone = await pages.page(alice.context(), `/__sim/phone?number=${encodeURIComponent(CALLER)}`);
  await phone.locator('#status[data-state="ready"]').waitFor();
  await alice.bringToFront();
  const callsBefore = shared.sim.calls().length;
  const field = alice.getByLabel('Number or teammate');

  await field.fill('+44 20 7946 0958');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await notice(alice).getByText('Calls to that country are not allowed').waitFor();
  expect(await notice(alice).innerText()).toContain('SB_NUMBER_COUNTRY');
  await field.fill('dave');
  await alice.keyboard.press('Enter');
  await notice(alice).getByText('There is nobody on the team with that name').waitFor();
  expect(shared.sim.calls().length).toBe(callsBefore);

  await field.fill('');
  await field.pressSequentially('4155550123');
  expect(await field.inputValue()).toBe('(415) 555-0123');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await phone.locator('#status[data-state="incoming"]').waitFor();
  await phone.getByRole('button', { name: 'Accept' }).click();
  await callState(alice, `In call with ${SHOWN}`);
  await Promise.all([audioArrives(alice), audioArrives(phone)]);
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await phone.locator('#status[data-state="ready"]').waitFor();
  expect(
    shared.sim
      .calls()
      .at(-1)!
      .legs.map((leg) => leg.to),
  ).toEqual([CALLER]);

  await field.fill('Bob');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await banner(bob).waitFor();
  await bob.getByRole('button', { name: 'Reject' }).click();
  await alice.getByRole('button', { name: 'Call', exact: true }).waitFor();
  expect(await banner(bob).isHidden()).toBe(true);
  // The team's history says so, the same on both pages: bob was busy for alice.
  for (const page of [alice, bob]) await until(async () => /alice → bob[\s\S]*Teammates, by alice, busy/.test((await historyRows(page))[0] ?? ''), 'the refused call in the history', 20_000);
  await phone.close();
});

it('rings every tab and teammate; one tab answers, the others stop, and the team`s history has the call once, with Call back', async () => {
  const [alice, bob] = await aliceAndBob();
  const aliceTab2 = await pages.page(alice.context());
  await signInReady(aliceTab2, 'alice', shared.sim.passcodes.alice);
  await hideAndRecordNotifications(bob);
  await Promise.all([alice, aliceTab2, bob].map(numbersFormatted));
  const phone = await pages.page(bob.context(), `/__sim/phone?number=${encodeURIComponent(CALLER)}`);
  await phone.locator('#status[data-state="ready"]').waitFor();
  await phone.getByRole('button', { name: 'Call' }).click();

  await Promise.all([banner(alice).waitFor(), banner(aliceTab2).waitFor(), banner(bob).waitFor()]);
  const shown = await banner(alice).innerText();
  expect(shown).toContain(SHOWN);
  expect(shown).toMatch(/Caller\s+\+1 415 555 0123/);
  await screenshot(aliceTab2, 'incoming-phone-1280x800');

  await aliceTab2.getByRole('button', { name: 'Accept' }).click();
  await Promise.all([banner(alice).waitFor({ state: 'hidden' }), banner(bob).waitFor({ state: 'hidden' })]);
  expect(await notificationsShown(bob)).toEqual([{ title: 'Incoming call', body: `${SHOWN} is calling`, closed: true }]);
  await Promise.all([audioArrives(aliceTab2), audioArrives(phone)]);
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await aliceTab2.getByRole('button', { name: 'Call', exact: true }).waitFor();

  // Every page, bob's too, says the same: alice answered (never "missed" for bob, whose page rang too).
  for (const page of [alice, aliceTab2, bob]) {
    await until(async () => (await historyRows(page))[0]?.includes('Incoming, answered by alice'), 'the answered call in the history', 20_000);
    expect((await historyRows(page)).filter((text) => text.includes(SHOWN) && text.includes('Incoming'))).toHaveLength(1);
  }

  // The history: one click calls back.
  await aliceTab2
    .getByRole('button', { name: `Call back ${SHOWN}` })
    .first()
    .click();
  await phone.locator('#status[data-state="incoming"]').waitFor();
  await phone.getByRole('button', { name: 'Reject' }).click();
  await aliceTab2.getByRole('button', { name: 'Call', exact: true }).waitFor();
  await Promise.all([phone.close(), aliceTab2.close()]);
});

it('speaks Japanese by browser language and switches back to English', async () => {
  const page = await pages.page(await pages.profile({ locale: 'ja-JP' }));
  await page.getByRole('button', { name: 'サインイン' }).waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('ja');
  await page.getByLabel('ユーザー名').fill('carol');
  await page.getByLabel('パスコード').fill('wrong');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await notice(page).getByText('ユーザー名またはパスコードが違います').waitFor();
  await screenshot(page, 'sign-in-ja-1280x800');
  await page.getByLabel('パスコード').fill(shared.sim.passcodes.carol);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.locator('#presence[data-state="registered"]').waitFor();
  expect(await page.locator('#presence').innerText()).toContain('着信可能');
  await page.getByRole('button', { name: 'alice に発信' }).waitFor();
  await screenshot(page, 'phone-ja-1280x800');
  await page.getByLabel('言語').selectOption('en');
  await page.getByRole('button', { name: 'Call alice' }).waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
});

it('has no serious accessibility violations and works at 390 px', async () => {
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const alice = await pages.signedIn('alice', shared.sim.passcodes.alice);
  const page = await pages.page(await pages.profile({ viewport: { width: 390, height: 844 } }));
  const scan = async () => {
    await page.evaluate(axe);
    const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run());
    return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
  };
  expect(await scan()).toEqual([]);
  await screenshot(page, 'sign-in-390x844');
  await signInReady(page, 'carol', shared.sim.passcodes.carol);
  expect(await scan()).toEqual([]);
  await screenshot(page, 'phone-390x844');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Keyboard only: signing in leaves focus in the number field, Enter calls, Enter on Reject declines.
  await page.keyboard.type('alice');
  await page.keyboard.press('Enter');
  await banner(alice).waitFor();
  await screenshot(page, 'calling-390x844');
  await alice.getByRole('button', { name: 'Reject' }).focus();
  await alice.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Call', exact: true }).waitFor();
});

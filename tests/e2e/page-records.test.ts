/**
 * The Voicemail and Call history sections in real Chromium on the simulator, against a stand-in
 * of the data Functions that answers as src/lib/contract/ says (tests/support/records-fake.ts): a new
 * message shows within 15 s, plays with audio fetched with the Bearer token, is seen by a
 * teammate on a fresh profile, is deleted for both; the history pages back; failures are said
 * in the section and recover while calling still works.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { encodeWav, holdMusic } from '../../simulator/media/audio';
import type { HistoryEntry } from '../../src/lib/contract/calls';
import { launchChromium } from '../support/browser';
import { RecordsFake, type FakeMessage } from '../support/records-fake';
import { hideAndRecordNotifications, newProfile, notificationsShown, openPage, screenshot, signInReady } from '../support/softphone';
import { until } from '../support/until';

jest.setTimeout(90_000);

const CALLER = '+14155550123';
const SHOWN = '+1 415 555 0123';
const MESSAGE = { id: 'RE00000000000000000000000000000001', callId: 'CA00000000000000000000000000000001', from: { number: CALLER, name: 'Ada Lovelace' }, seconds: 3 } satisfies Omit<
  FakeMessage,
  'at'
>;
/** 120 calls, newest first: the voicemail, one bob answered, one missed, then older ones. */
function history(at: number): HistoryEntry[] {
  const iso = (minutesAgo: number) => new Date(at - minutesAgo * 60_000).toISOString();
  return [
    { id: MESSAGE.callId, at: iso(0), direction: 'in', party: { number: CALLER, name: 'Ada Lovelace' }, outcome: 'voicemail', seconds: 12, voicemail: { id: MESSAGE.id, seconds: 3 } },
    { id: 'CA2', at: iso(5), direction: 'in', party: { number: '+14155550124' }, answeredBy: 'bob', transfers: ['carol'], outcome: 'answered', seconds: 83 },
    { id: 'CA3', at: iso(9), direction: 'in', party: { number: '+14155550125' }, outcome: 'missed', seconds: 0 },
    ...Array.from({ length: 117 }, (_, i): HistoryEntry => ({
      id: `CA${i + 4}`,
      at: iso(10 + i),
      direction: 'team',
      by: 'carol',
      party: { identity: 'alice' },
      answeredBy: 'alice',
      outcome: 'answered',
      seconds: 30,
    })),
  ];
}

let sim: Simulator;
let browser: Browser;
let fake: RecordsFake;
let aliceProfile: BrowserContext;
let bobProfile: BrowserContext;
let alice: Page;
let bob: Page;
/** The Authorization of each /token request alice's page made. */
const tokenRequests: string[] = [];

const section = (page: Page, name: string) => page.getByRole('region', { name });
const voicemail = (page: Page) => section(page, 'Voicemail');
const messages = (page: Page) => voicemail(page).getByRole('listitem');
const historyRows = (page: Page) => section(page, 'Call history').getByRole('listitem');

beforeAll(async () => {
  [sim, browser] = await Promise.all([startSimulator(), launchChromium()]);
  fake = new RecordsFake(sim.env.API_SECRET, sim.team);
  [aliceProfile, bobProfile] = await Promise.all([newProfile(browser, sim.url), newProfile(browser, sim.url)]);
  await Promise.all([fake.attach(aliceProfile), fake.attach(bobProfile)]);
  alice = await openPage(aliceProfile, sim.url);
  alice.on('request', (request) => new URL(request.url()).pathname === '/token' && tokenRequests.push(request.headers().authorization ?? ''));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
});

it('shows a new message on a signed-in page within 15 s, marked new, with its length and a notification', async () => {
  await signInReady(alice, 'alice', sim.passcodes.alice);
  await voicemail(alice).getByText('No messages.').waitFor();
  await section(alice, 'Call history').getByText('No calls yet.').waitFor();
  await hideAndRecordNotifications(alice);

  const left = Date.now();
  fake.leave({ ...MESSAGE, at: new Date(left).toISOString() }, { body: encodeWav(holdMusic(MESSAGE.seconds)), contentType: 'audio/wav' });
  fake.history = history(left);
  await messages(alice).first().waitFor({ timeout: 16_000 });
  const shownAfter = Date.now() - left;
  console.log(`New voicemail shown after ${shownAfter} ms`);
  expect(shownAfter).toBeLessThan(16_000);

  // Where the caller is from, told by the dialling policy the page loads after registering.
  await until(async () => (await messages(alice).first().innerText()).includes('United States'), 'the caller’s country');
  const text = await messages(alice).first().innerText();
  expect(text).toContain(SHOWN);
  expect(text).toContain('Ada Lovelace · United States');
  expect(text).toMatch(/· 0:03/);
  expect(text).toMatch(/New/i);
  expect(await voicemail(alice).getByRole('heading').innerText()).toMatch(/Voicemail\s+1 new/);
  expect(await notificationsShown(alice)).toEqual([{ title: 'New voicemail', body: `${SHOWN} left a message (0:03).`, closed: false }]);
  // Every request carried alice's token (the stand-in verifies it with API_SECRET).
  expect(fake.requests.filter((r) => r.identity !== 'alice')).toEqual([]);
});

it('plays the message from audio fetched with the Bearer token, and marks it played', async () => {
  const clickToPlaying = await alice.evaluate(() => {
    const audio = document.getElementById('voicemail-audio') as HTMLAudioElement;
    const playing = new Promise<number>((resolve) => audio.addEventListener('playing', () => resolve(performance.now()), { once: true }));
    const start = performance.now();
    document.querySelector<HTMLButtonElement>('#voicemail-list .play')!.click();
    return playing.then((end) => end - start);
  });
  console.log(`Click Play → audio playing: ${Math.round(clickToPlaying)} ms`);
  const position = () => alice.evaluate(() => (document.getElementById('voicemail-audio') as HTMLAudioElement).currentTime);
  const first = await position();
  await until(async () => (await position()) > first + 0.5, 'the audio to advance');
  expect(await alice.evaluate(() => (document.getElementById('voicemail-audio') as HTMLAudioElement).paused)).toBe(false);
  expect(await alice.evaluate(() => (document.getElementById('voicemail-audio') as HTMLAudioElement).src)).toMatch(/^blob:/);
  expect(fake.requests.filter((r) => r.path.startsWith('/recording'))).toEqual([{ path: `/recording?id=${MESSAGE.id}`, identity: 'alice', method: 'GET' }]);
  await alice.getByRole('button', { name: `Pause the message from ${SHOWN}` }).click();
  await alice.getByRole('button', { name: `Play the message from ${SHOWN}` }).waitFor();
  expect(await voicemail(alice).locator('#voicemail-badge').isHidden()).toBe(true);
  expect(await messages(alice).first().getByText('New').isHidden()).toBe(true);
  // Seeking: the slider moves playback.
  await alice.getByRole('slider', { name: `Position in the message from ${SHOWN}` }).fill('2');
  await until(async () => Math.abs((await position()) - 2) < 0.3, 'the seek to 2 s');
});

it('shows a teammate on a fresh profile the same message, unplayed for them, and the team’s history', async () => {
  bob = await openPage(bobProfile, sim.url);
  await signInReady(bob, 'bob', sim.passcodes.bob);
  await messages(bob).first().waitFor({ timeout: 16_000 });
  expect(await messages(bob).count()).toBe(1);
  expect(await voicemail(bob).getByRole('heading').innerText()).toMatch(/1 new/);

  await until(async () => (await historyRows(bob).count()) === 50, 'the first page of the history');
  const rows = await historyRows(bob).allInnerTexts();
  expect(rows[0]).toMatch(/Incoming, voicemail, 0:12/);
  expect(rows[1]).toMatch(/Incoming, answered by bob → transferred to carol, 1:23/);
  expect(rows[2]).toMatch(/Incoming, missed/);
  expect(rows[3]).toMatch(/carol → alice[\s\S]*Teammates, by carol, answered by alice/);
  await bob.getByRole('button', { name: 'Load more' }).click();
  await until(async () => (await historyRows(bob).count()) === 100, 'the second page');
  await bob.getByRole('button', { name: 'Load more' }).click();
  await until(async () => (await historyRows(bob).count()) === 120, 'the last page');
  expect(await bob.getByRole('button', { name: 'Load more' }).isHidden()).toBe(true);
  expect(fake.requests.filter((r) => r.path.startsWith('/calls?')).map((r) => r.path)).toEqual(['/calls?before=50', '/calls?before=100']);

  // The history's voicemail button jumps to the message and plays it.
  await bob.getByRole('button', { name: `Voicemail 0:03 of the call with ${SHOWN}` }).click();
  await until(() => bob.evaluate(() => !(document.getElementById('voicemail-audio') as HTMLAudioElement).paused), 'bob’s playback');
  expect(await bob.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Pause the message from ${SHOWN}`);
  await screenshot(bob, 'records-1280x800');
});

it('calls back through the dialler', async () => {
  await bob
    .getByRole('button', { name: `Call back ${SHOWN}` })
    .first()
    .click();
  // The panel shows the number formatted, as everywhere on the page.
  await bob.locator('#call-peer').filter({ hasText: SHOWN }).waitFor();
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await bob.getByRole('button', { name: 'Call', exact: true }).waitFor();
});

it('deletes a message for everyone, after asking', async () => {
  const remove = alice.getByRole('button', { name: `Delete the message from ${SHOWN}` });
  await remove.click();
  const dialog = alice.getByRole('dialog');
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain(`Delete the message from ${SHOWN} for the whole team?`);
  await alice.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect(fake.messages).toHaveLength(1);

  await remove.click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await voicemail(alice).getByText('No messages.').waitFor();
  // Before it, each played it once (the team's marks); then alice's one deletion.
  expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([
    { path: '/voicemail-played', identity: 'alice', method: 'POST' },
    { path: '/voicemail-played', identity: 'bob', method: 'POST' },
    { path: '/voicemail-delete', identity: 'alice', method: 'POST' },
  ]);
  expect(fake.messages).toEqual([]);
  const deletedAt = Date.now();
  await voicemail(bob).getByText('No messages.').waitFor({ timeout: 16_000 });
  console.log(`Deleted message gone on the teammate's page after ${Date.now() - deletedAt} ms`);
  expect(await bob.evaluate(() => (document.getElementById('voicemail-audio') as HTMLAudioElement).paused)).toBe(true);
});

it('says so when the records cannot be loaded, keeps calling working, and recovers', async () => {
  fake.failing = true;
  await voicemail(alice)
    .getByText(/SB_TWILIO_UNAVAILABLE.*Retrying in \d+ s/)
    .waitFor({ timeout: 16_000 });
  // Calling and answering never depend on the records.
  await alice.getByRole('button', { name: 'Call bob' }).click();
  await bob.getByRole('region', { name: 'Incoming call' }).waitFor();
  await bob.getByRole('button', { name: 'Reject' }).click();
  await alice.getByRole('button', { name: 'Call', exact: true }).waitFor();
  expect(await alice.getByRole('alert').isHidden()).toBe(true);

  fake.failing = false;
  // The page's next try comes after its back-off, which reaches 30 s when the failures last (and a call's end tries once more).
  await voicemail(alice).getByText('No messages.').waitFor({ timeout: 35_000 });
  expect(await voicemail(alice).getByText('SB_TWILIO_UNAVAILABLE').count()).toBe(0);
});

it('hands a refused token to the session, which renews it with Bearer (and would end a session that is over)', async () => {
  const before = tokenRequests.length;
  fake.refusing = 'SB_SESSION_OVER';
  await until(() => tokenRequests.length > before, 'a token renewal', 16_000);
  fake.refusing = undefined;
  expect(tokenRequests.at(-1)).toMatch(/^Bearer eyJ/);
  // /token still renews this session (it is not over), so the page stays signed in.
  expect(await alice.locator('#presence').getAttribute('data-state')).toBe('registered');
});

it('has no serious accessibility violations with the sections filled and the dialog open', async () => {
  fake.leave({ ...MESSAGE, at: new Date().toISOString() }, { body: encodeWav(holdMusic(MESSAGE.seconds)), contentType: 'audio/wav' });
  await messages(alice).first().waitFor({ timeout: 16_000 });
  await alice.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const scan = () =>
    alice.evaluate(async () => {
      const results = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
      return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
    });
  expect(await scan()).toEqual([]);
  await screenshot(alice, 'voicemail-1280x800');
  // Keyboard: Tab reaches Delete, Enter opens the dialog with Cancel focused, Escape closes it.
  await alice.getByRole('button', { name: `Delete the message from ${SHOWN}` }).focus();
  await alice.keyboard.press('Enter');
  await alice.getByRole('dialog').waitFor();
  expect(await alice.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
  expect(await scan()).toEqual([]);
  await screenshot(alice, 'voicemail-delete-1280x800');
  await alice.keyboard.press('Escape');
  expect(fake.messages).toHaveLength(1);
});

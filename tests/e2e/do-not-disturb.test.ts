/**
 * Do not disturb end to end: the real page and SDK in Chromium on the simulator, the
 * simulated phone calling the team number. While it is on, the page stays registered and declines
 * every call at once: Twilio then ends that person's leg `busy` in all their browsers, and the
 * other teammates keep ringing.
 */
import type { Page } from 'playwright-core';
import type { SimCall } from '../../simulator';
import { SAY } from '../../src/lib/voice/twiml';
import { softphonesPerFile } from '../support/page-fixture';
import { ringingSeen, watchRinging } from '../support/ring-watch';
import { framesSent, signIn, signInReady, waitPresence } from '../support/softphone';
import { until } from '../support/until';

const CALLER = '+14155550123';

jest.setTimeout(120_000);

const shared = softphonesPerFile();
const pages = shared.pages;

/** The softphone of `identity` in a new profile, signed in and registered, watched for ringing. */
async function teammate(identity: string): Promise<Page> {
  const profile = await pages.profile();
  await profile.addInitScript(watchRinging);
  const page = await pages.page(profile);
  await signInReady(page, identity, shared.sim.passcodes[identity]);
  return page;
}

/** Switches the page's Do not disturb button and waits for the badge to follow. */
async function doNotDisturb(page: Page, on: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Do not disturb' }).click();
  await waitPresence(page, on ? 'do-not-disturb' : 'registered');
  expect(await page.getByRole('button', { name: 'Do not disturb' }).getAttribute('aria-pressed')).toBe(String(on));
}

/** The simulated phone of CALLER, ready to call the team number. */
async function phoneOf(page: Page): Promise<Page> {
  const phone = await pages.page(page.context(), `/__sim/phone?number=${encodeURIComponent(CALLER)}`);
  await phone.locator('#status[data-state="ready"]').waitFor();
  return phone;
}

const incoming = (page: Page) => page.getByRole('region', { name: 'Incoming call' });
/** The first call after the first `after` calls of the log that comes from `from` and satisfies `done`. */
const callFrom = (from: string, after: number, done: (call: SimCall) => boolean, what: string) =>
  until(async () => shared.sim.calls().slice(after).find((c) => c.from === from && done(c)), what, 30_000);
/** Each dialled leg as "who status", sorted. */
const legsOf = (call: SimCall) => call.legs.map((leg) => `${leg.to} ${leg.status}`).sort();
const refreshed = (call: SimCall) => shared.sim.calls().find((c) => c.sid === call.sid)!;
/** How often the page took its line down: a `register` with audio off is the SDK's unregister. */
const unregisters = (page: Page) => framesSent(page, 'register').filter((frame) => (frame.media as { audio?: boolean } | undefined)?.audio === false).length;

/** A dialled leg's Call resource, as the REST API answers it. */
async function callResource(sid: string): Promise<{ status: string; parent_call_sid: string }> {
  const { ACCOUNT_SID, AUTH_TOKEN } = shared.sim.env;
  const response = await fetch(`${shared.sim.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${sid}.json`, {
    headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}

it('a team call does not ring a teammate on do-not-disturb (declined, no ringtone, no banner) while the others ring; it survives a reload and they can still call out', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(teammate));
  const phone = await phoneOf(carol);
  /** The phone calls the team; once alice and carol ring and bob's leg has ended, hangs up; returns the legs as they stood then. */
  const teamCall = async (): Promise<string[]> => {
    const before = shared.sim.calls().length;
    await phone.getByRole('button', { name: 'Call' }).click();
    const call = await callFrom(CALLER, before, (c) => c.legs.length === 3 && c.legs.some((l) => l.to === 'client:bob' && l.status !== 'ringing'), 'bob to decline the team call');
    await Promise.all([alice, carol].map((page) => incoming(page).waitFor()));
    const legs = legsOf(refreshed(call));
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.locator('#status[data-state="ready"]').waitFor();
    return legs;
  };

  await doNotDisturb(bob, true);
  expect(await bob.getByText('Do not disturb is on').isVisible()).toBe(true);
  // bob's leg is declined (busy) while alice and carol ring on.
  expect(await teamCall()).toEqual(['client:alice ringing', 'client:bob rejected', 'client:carol ringing']);
  expect(await ringingSeen(bob)).toEqual({ ringtones: 0, banner: false });
  // The watch does see a page that rings: alice's.
  const aliceSaw = await ringingSeen(alice);
  expect(aliceSaw.banner).toBe(true);
  expect(aliceSaw.ringtones).toBeGreaterThan(0);
  expect(unregisters(bob)).toBe(0);

  // A reload signs out; signing in again keeps Do not disturb on.
  await bob.reload();
  await signIn(bob, 'bob', shared.sim.passcodes.bob);
  await waitPresence(bob, 'do-not-disturb');
  expect(await bob.getByText('Do not disturb is on').isVisible()).toBe(true);
  expect(await teamCall()).toEqual(['client:alice ringing', 'client:bob rejected', 'client:carol ringing']);
  expect(await ringingSeen(bob)).toEqual({ ringtones: 0, banner: false });

  // Calls out still work.
  await bob.getByLabel('Number or teammate').fill('carol');
  await bob.getByRole('button', { name: 'Call', exact: true }).click();
  await incoming(carol).waitFor();
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await incoming(carol).waitFor({ state: 'hidden' });
});

it('a direct call to a teammate on do-not-disturb ends busy in all their browsers, and the caller hears the line is busy', async () => {
  const [alice, bob, bobElsewhere] = await Promise.all(['alice', 'bob', 'bob'].map(teammate));
  await doNotDisturb(bob, true);
  // Each browser keeps its own setting: the other one shows no banner.
  expect(await bobElsewhere.getByText('Do not disturb is on').isHidden()).toBe(true);

  const before = shared.sim.calls().length;
  await alice.getByLabel('Number or teammate').fill('bob');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  const call = refreshed(await callFrom('client:alice', before, (c) => !!c.endedAt, 'alice\'s call to bob to end'));
  await alice.getByRole('button', { name: 'Hang up' }).waitFor({ state: 'hidden' });

  expect(call.webhooks.find((w) => w.kind === 'action')?.params.DialCallStatus).toBe('busy');
  expect(call.says).toEqual([SAY.busy]);
  // One leg per browser of bob: the one on Do not disturb declined, Twilio withdrew the other.
  expect(legsOf(call)).toEqual(['client:bob rejected', 'client:bob rejected']);
  for (const leg of call.legs) expect(await callResource(leg.sid)).toMatchObject({ status: 'busy', parent_call_sid: call.sid });
  expect(await ringingSeen(bob)).toEqual({ ringtones: 0, banner: false });
  await incoming(bobElsewhere).waitFor({ state: 'hidden' });
});

it('switched on while a call rings, it declines that call too; switched off, the next call rings at once, with no new registration', async () => {
  const [alice, bob] = await Promise.all(['alice', 'bob'].map(teammate));
  const callBob = async () => {
    const before = shared.sim.calls().length;
    await alice.getByLabel('Number or teammate').fill('bob');
    await alice.getByRole('button', { name: 'Call', exact: true }).click();
    return callFrom('client:alice', before, () => true, 'alice\'s call to bob');
  };

  const declined = await callBob();
  await incoming(bob).waitFor();
  await doNotDisturb(bob, true);
  await incoming(bob).waitFor({ state: 'hidden' });
  await alice.getByRole('button', { name: 'Hang up' }).waitFor({ state: 'hidden' });
  const ended = await callFrom('client:alice', 0, (c) => c.sid === declined.sid && !!c.endedAt, 'the declined call to end');
  expect(ended.webhooks.find((w) => w.kind === 'action')?.params.DialCallStatus).toBe('busy');

  await doNotDisturb(bob, false);
  expect(await bob.getByText('Do not disturb is on').isHidden()).toBe(true);
  const ringtones = (await ringingSeen(bob)).ringtones;
  await callBob();
  await incoming(bob).waitFor();
  expect((await ringingSeen(bob)).ringtones).toBeGreaterThan(ringtones);
  expect(unregisters(bob)).toBe(0);
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await incoming(bob).waitFor({ state: 'hidden' });
});

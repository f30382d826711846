/**
 * Do not disturb and presence end to end: the real page and SDK in Chromium on the simulator, the
 * simulated phone calling the team number. The switch is the person's (in the team's store):
 * routing rings nobody on it, every browser of theirs follows within one update, a teammate's
 * call to them is refused with the reason, and the page stays registered. Teammates' pages show
 * who is on a call while it lasts.
 */
import type { Page } from 'playwright-core';
import type { SimCall } from '../../simulator';
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

/** Where `who` stands in the Team list of `page` (its `data-presence`), once it is `presence`. */
const shownAs = (page: Page, who: string, presence: string) =>
  page.locator(`#team-list li[data-presence="${presence}"]`, { has: page.getByRole('button', { name: `Call ${who}`, exact: true }) }).waitFor({ timeout: 16_000 });

/** Every teammate's switch off, in the team's store, as each would switch it: no test inherits another's. */
async function everyoneOff(): Promise<void> {
  for (const identity of ['alice', 'bob', 'carol']) {
    const basic = Buffer.from(`${identity}:${shared.sim.passcodes[identity]}`).toString('base64');
    const { token } = (await (await fetch(`${shared.sim.url}/token`, { headers: { Authorization: `Basic ${basic}`, 'X-Requested-With': 'fetch' } })).json()) as { token: string };
    const off = await fetch(`${shared.sim.url}/do-not-disturb`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'on=false',
    });
    expect(off.status).toBe(200);
  }
}

beforeEach(everyoneOff);

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
  until(
    () =>
      shared.sim
        .calls()
        .slice(after)
        .find((c) => c.from === from && done(c)),
    what,
    30_000,
  );
/** Each dialled leg as "who status", sorted. */
const legsOf = (call: SimCall) => call.legs.map((leg) => `${leg.to} ${leg.status}`).sort();
const refreshed = (call: SimCall) => shared.sim.calls().find((c) => c.sid === call.sid)!;
/** How often the page took its line down: a `register` with audio off is the SDK's unregister. */
const unregisters = (page: Page) => framesSent(page, 'register').filter((frame) => (frame.media as { audio?: boolean } | undefined)?.audio === false).length;

it('a team call leaves a teammate on do-not-disturb out (no leg, no ring) while the others ring; it survives a reload and they can still call out', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(teammate));
  const phone = await phoneOf(carol);
  /** The phone calls the team; once alice and carol ring, hangs up; returns the legs as they stood then. */
  const teamCall = async (): Promise<string[]> => {
    const before = shared.sim.calls().length;
    await phone.getByRole('button', { name: 'Call' }).click();
    await Promise.all([alice, carol].map((page) => incoming(page).waitFor()));
    const call = await callFrom(CALLER, before, (c) => c.legs.length >= 2, 'the team call to ring');
    const legs = legsOf(refreshed(call));
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.locator('#status[data-state="ready"]').waitFor();
    return legs;
  };

  await doNotDisturb(bob, true);
  expect(await bob.getByText('Do not disturb is on').isVisible()).toBe(true);
  expect(await teamCall()).toEqual(['client:alice ringing', 'client:carol ringing']);
  expect(await ringingSeen(bob)).toEqual({ ringtones: 0, banner: false });
  // The watch does see a page that rings: alice's.
  const aliceSaw = await ringingSeen(alice);
  expect(aliceSaw.banner).toBe(true);
  expect(aliceSaw.ringtones).toBeGreaterThan(0);
  expect(unregisters(bob)).toBe(0);

  // A reload signs out; signing in again finds Do not disturb on.
  await bob.reload();
  await signIn(bob, 'bob', shared.sim.passcodes.bob);
  await waitPresence(bob, 'do-not-disturb');
  expect(await bob.getByText('Do not disturb is on').isVisible()).toBe(true);
  expect(await teamCall()).toEqual(['client:alice ringing', 'client:carol ringing']);

  // Calls out still work.
  await bob.getByLabel('Number or teammate').fill('carol');
  await bob.getByRole('button', { name: 'Call', exact: true }).click();
  await incoming(carol).waitFor();
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await incoming(carol).waitFor({ state: 'hidden' });
});

it('switched in one browser, the person’s other browser follows within one update; a teammate’s call to them is refused with the reason', async () => {
  const [alice, bob, bobElsewhere] = await Promise.all(['alice', 'bob', 'bob'].map(teammate));
  await doNotDisturb(bob, true);
  await bobElsewhere.getByText('Do not disturb is on').waitFor({ timeout: 16_000 });
  await waitPresence(bobElsewhere, 'do-not-disturb');
  expect(await bobElsewhere.getByRole('button', { name: 'Do not disturb' }).getAttribute('aria-pressed')).toBe('true');

  await shownAs(alice, 'bob', 'dnd');
  const before = shared.sim.calls().length;
  await alice.getByLabel('Number or teammate').fill('bob');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await alice.getByText('That teammate is on do not disturb').waitFor();
  expect(
    shared.sim
      .calls()
      .slice(before)
      .filter((c) => c.from === 'client:alice'),
  ).toEqual([]);
  expect(await ringingSeen(bob)).toEqual({ ringtones: 0, banner: false });
  expect(await ringingSeen(bobElsewhere)).toEqual({ ringtones: 0, banner: false });

  // Switched off in the other browser: the first follows, and alice can call bob again.
  await doNotDisturb(bobElsewhere, false);
  await waitPresence(bob, 'registered', 16_000);
  await shownAs(alice, 'bob', 'available');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await Promise.all([incoming(bob).waitFor(), incoming(bobElsewhere).waitFor()]);
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await incoming(bob).waitFor({ state: 'hidden' });
});

it('switched on while a call rings, it declines that call too; switched off, the next call rings at once, with no new registration', async () => {
  const [alice, bob] = await Promise.all(['alice', 'bob'].map(teammate));
  const callBob = async () => {
    const before = shared.sim.calls().length;
    await alice.getByLabel('Number or teammate').fill('bob');
    await alice.getByRole('button', { name: 'Call', exact: true }).click();
    return callFrom('client:alice', before, () => true, "alice's call to bob");
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
  await shownAs(alice, 'bob', 'available');
  const ringtones = (await ringingSeen(bob)).ringtones;
  await callBob();
  await incoming(bob).waitFor();
  expect((await ringingSeen(bob)).ringtones).toBeGreaterThan(ringtones);
  expect(unregisters(bob)).toBe(0);
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await incoming(bob).waitFor({ state: 'hidden' });
});

it('a teammate’s page shows who is on a call, with whom, while it lasts', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(teammate));
  await shownAs(carol, 'bob', 'available');
  await alice.getByLabel('Number or teammate').fill('bob');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await bob.getByRole('button', { name: 'Accept' }).click();
  await shownAs(carol, 'bob', 'on-call');
  await shownAs(carol, 'alice', 'on-call');
  expect(await carol.locator('#team-list li', { has: carol.getByRole('button', { name: 'Call bob', exact: true }) }).innerText()).toContain('On a call (alice)');
  // The callee's page shows the caller on the call too.
  await shownAs(bob, 'alice', 'on-call');
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await shownAs(carol, 'bob', 'available');
  await shownAs(carol, 'alice', 'available');
});

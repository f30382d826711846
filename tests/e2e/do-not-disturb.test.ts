/**
 * Do not disturb (issue 15) end to end: the real page and SDK in Chromium on the simulator, the
 * simulated phone calling the team number. The page unregisters its line while it is on.
 */
import type { Page } from 'playwright-core';
import type { SimCall } from '../../simulator';
import { softphonesPerFile } from '../support/page-fixture';
import { signIn, waitPresence } from '../support/softphone';
import { until } from '../support/until';

const CALLER = '+14155550123';

jest.setTimeout(90_000);

const shared = softphonesPerFile();
const pages = shared.pages;

/** The simulated phone of CALLER, ready to call the team number. */
async function phoneOf(page: Page): Promise<Page> {
  const phone = await pages.page(page.context(), `/__sim/phone?number=${encodeURIComponent(CALLER)}`);
  await phone.locator('#status[data-state="ready"]').waitFor();
  return phone;
}

/** The first call from CALLER after the first `after` calls once `done` holds for it. */
const callFromPhone = (after: number, done: (call: SimCall) => boolean, what: string) =>
  until(async () => shared.sim.calls().slice(after).find((c) => c.from === CALLER && done(c)), what, 30_000);
const rung = (call: SimCall) => [...new Set(call.legs.map((leg) => leg.to))].sort();

it('a teammate on do-not-disturb never rings while the others do, can still call out, keeps it after a reload, and rings again once it is off', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((id) => pages.signedIn(id, shared.sim.passcodes[id])));
  const phone = await phoneOf(bob);
  /** Calls the team number until `ringing` pages show the call, hangs up, and returns who rang. */
  const teamCall = async (ringing: Page[]): Promise<string[]> => {
    const before = shared.sim.calls().length;
    await phone.getByRole('button', { name: 'Call' }).click();
    const call = (await callFromPhone(before, (c) => rung(c).length >= ringing.length, `${ringing.length} teammates to ring`))!;
    await Promise.all(ringing.map((page) => page.getByRole('region', { name: 'Incoming call' }).waitFor()));
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.locator('#status[data-state="ready"]').waitFor();
    return rung(shared.sim.calls().find((c) => c.sid === call.sid)!);
  };

  // On while registered: the line unregisters, so only the others ring.
  await alice.getByRole('button', { name: 'Do not disturb' }).click();
  await waitPresence(alice, 'do-not-disturb');
  expect(await alice.getByRole('button', { name: 'Do not disturb' }).getAttribute('aria-pressed')).toBe('true');
  expect(await alice.getByText('Do not disturb is on').isVisible()).toBe(true);
  expect(await teamCall([bob, carol])).toEqual(['client:bob', 'client:carol']);
  expect(await alice.getByRole('region', { name: 'Incoming call' }).isHidden()).toBe(true);

  // A reload signs out; signing in again keeps Do not disturb on, and the line never registers.
  await alice.reload();
  await signIn(alice, 'alice', shared.sim.passcodes.alice);
  await waitPresence(alice, 'do-not-disturb');
  expect(await alice.getByText('Do not disturb is on').isVisible()).toBe(true);
  expect(await teamCall([bob, carol])).toEqual(['client:bob', 'client:carol']);

  // Calls out need no registration.
  await alice.getByLabel('Number or teammate').fill('bob');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await bob.getByRole('region', { name: 'Incoming call' }).waitFor();
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await bob.getByRole('region', { name: 'Incoming call' }).waitFor({ state: 'hidden' });

  // Off: registered again at once, and the next call rings alice too.
  await alice.getByRole('button', { name: 'Do not disturb' }).click();
  await waitPresence(alice, 'registered');
  expect(await alice.getByText('Do not disturb is on').isHidden()).toBe(true);
  expect(await teamCall([alice, bob, carol])).toEqual(['client:alice', 'client:bob', 'client:carol']);
});

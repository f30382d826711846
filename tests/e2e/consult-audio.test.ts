/**
 * Consultations (warm transfer) with real audio: the real SDK in Chromium on the
 * simulator's `<Conference>`. The simulated phone calls the team, alice answers and consults bob
 * (the caller waits on hold, alice and bob talk); then she completes the transfer (phone ↔ bob,
 * alice gone), cancels it (phone ↔ alice again, bob gone) or merges (all three hear each other).
 * Fake microphones, silent unless a test makes one talk, say who hears whom. bob's banner says who
 * consults him about which caller; a completed transfer shows in the call history as one row.
 */
import type { Page } from 'playwright-core';
import { softphonesPerFile } from '../support/page-fixture';
import { answeredByAlice, callControls as controls, clickTransfer, heardBy, idle, incomingBanner as banner } from '../support/transfer-scenario';
import { laterSecondThan, until } from '../support/until';

// Three pages, a consultation and four audio checks: on 2 shared cores under load that takes over a minute.
jest.setTimeout(90_000);

const CALLER = '+12025550143';
/** The caller's number as the page shows it. */
const SHOWN = '+1 202 555 0143';
const shared = softphonesPerFile({ env: { RING_TIMEOUT: '15' } });

const press = (page: Page, name: string) => controls(page).getByRole('button', { name, exact: true }).click();

/** Whether the caller's participant in the call's conference (the simulator's own) is held. */
const callerOnHold = () =>
  shared.sim.conferences
    .list()
    .filter((c) => c.friendlyName.startsWith('sb-') && c.status === 'in-progress')
    .flatMap((c) => [...c.participants.values()])
    .find((p) => p.label === 'caller')?.hold;

/** The phone calls the team, alice answers and consults bob, who accepts: alice and bob talk. */
async function consulting(): Promise<{ alice: Page; bob: Page; phone: Page }> {
  const { alice, bob, phone } = await answeredByAlice(shared, CALLER);
  await clickTransfer(alice, 'bob', 'Consult');
  await banner(bob).waitFor({ timeout: 15_000 });
  const details = await banner(bob).locator('#incoming-details').innerText();
  expect(details).toMatch(/Consulting you\s+alice/);
  expect(details).toContain(SHOWN);
  await bob.getByRole('button', { name: 'Accept' }).click();
  await controls(alice)
    .getByText(/^Consulting bob; the caller is on hold/)
    .waitFor({ timeout: 15_000 });
  await heardBy(alice, [bob], 'alice at bob');
  await heardBy(bob, [alice], 'bob at alice');
  expect(callerOnHold()).toBe(true);
  return { alice, bob, phone };
}

it('consult → complete: phone ↔ bob, alice`s call ended', async () => {
  const { alice, bob, phone } = await consulting();
  await press(alice, 'Complete transfer');
  await idle(alice);
  await heardBy(phone, [bob], 'the phone at bob');
  await heardBy(bob, [phone], 'bob at the phone');

  // The caller hangs up (in a later second than alice left: Twilio's times are whole seconds):
  // bob's call history shows the call once, answered by alice, transferred to bob.
  const aliceLeft = shared.sim
    .calls()
    .flatMap((c) => c.legs)
    .find((l) => l.to === 'client:alice' && l.answeredAt)!.endedAt!;
  await laterSecondThan(Date.parse(aliceLeft));
  await phone.locator('#hangup').click();
  await idle(bob);
  const rows = bob.getByRole('region', { name: 'Call history' }).getByRole('listitem');
  const transferred = async () => {
    await bob.evaluate(() => document.dispatchEvent(new Event('visibilitychange'))); // back in view: the page asks at once
    return (await rows.allInnerTexts()).some((text) => text.includes('answered by alice → transferred to bob'));
  };
  await until(transferred, 'the transfer in bob`s call history', 20_000, 1000);
  const ended = shared.sim.calls().filter((c) => c.direction === 'inbound' && c.endedAt).length;
  expect(await rows.count()).toBe(ended);
});

it('consult → cancel: bob`s call ends, phone ↔ alice again', async () => {
  const { alice, bob, phone } = await consulting();
  await press(alice, 'Cancel transfer');
  await idle(bob);
  await heardBy(phone, [alice], 'the phone at alice');
  await heardBy(alice, [phone], 'alice at the phone');
});

it('consult → merge: each of the three hears the other two', async () => {
  const { alice, bob, phone } = await consulting();
  await press(alice, 'Merge');
  await controls(alice).getByText('Everyone is talking').waitFor({ timeout: 15_000 });
  expect(callerOnHold()).toBe(false);
  await heardBy(phone, [alice, bob], 'the phone at alice and bob');
  await heardBy(alice, [phone, bob], 'alice at the phone and bob');
  await heardBy(bob, [phone, alice], 'bob at the phone and alice');
});

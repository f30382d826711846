/**
 * The scenario hold and transfer start from, shared by the e2e tests and the bench: a simulated
 * phone page calls the team, alice accepts on her page, and the call's conference is arranged as
 * `<Conference>` leaves it after a move (conference.ts).
 */
import type { Browser, Page } from 'playwright-core';
import type { Simulator } from '../../simulator';
import { inboundAudio } from './browser';
import { arrangeConference } from './conference';
import { newProfile, openPage, until } from './softphone';

/** The simulated phone of `number`, registered and ready. */
export async function phonePage(browser: Browser, sim: Simulator, number: string): Promise<Page> {
  const page = await openPage(await newProfile(browser, sim.url), `${sim.url}/__sim/phone?number=${encodeURIComponent(number)}`);
  await page.locator('#status[data-state="ready"]').waitFor({ timeout: 15_000 });
  return page;
}

/** Resolves once `page` hears sound (energy, not bytes: silence has bytes too). */
export async function hearsSound(page: Page, what: string): Promise<void> {
  const before = (await inboundAudio(page)).energy;
  await until(async () => (await inboundAudio(page)).energy > before + 0.005, what, 15_000);
}

export const incomingBanner = (page: Page) => page.getByRole('region', { name: 'Incoming call' });

/** `phone` (number `caller`) calls the team and alice accepts; both hear each other; the conference is arranged. */
export async function phoneAnsweredByAlice(sim: Simulator, phone: Page, alice: Page, caller: string): Promise<void> {
  await phone.locator('#call').click();
  await incomingBanner(alice).waitFor();
  await alice.getByRole('button', { name: 'Accept' }).click();
  await Promise.all([hearsSound(phone, 'alice at the phone'), hearsSound(alice, 'the phone at alice')]);
  const call = sim.calls().find((c) => c.from === caller && c.status === 'in-progress')!;
  const aliceLeg = call.legs.find((l) => l.to === 'client:alice' && l.status === 'in-progress')!;
  arrangeConference(sim, call.sid, [[call.sid, 'caller'], [aliceLeg.sid, 'alice']]);
}

/** Types `target` in alice's call controls and clicks Transfer; returns when it was clicked. */
export async function clickTransfer(alice: Page, target: string): Promise<number> {
  const controls = alice.getByRole('group', { name: 'Hold and transfer' });
  await controls.getByLabel('Transfer to (teammate or number)').fill(target);
  await controls.getByRole('button', { name: 'Transfer' }).click();
  return Date.now();
}

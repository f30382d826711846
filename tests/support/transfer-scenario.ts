/**
 * The scenario hold and transfer start from, shared by the e2e tests and the bench: a simulated
 * phone page calls the team and alice accepts on her page. Every page speaks through a fake
 * microphone (fake-microphone.ts), silent until a test makes it talk, so what a party hears is
 * known to come from whom.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { heardOver, inboundAudio } from './browser';
import { fakeMicrophone, setTalking } from './fake-microphone';
import type { SharedSoftphones } from './page-fixture';
import { openPage, signInReady } from './softphone';
import { until } from './until';

/** Energy (getStats totalAudioEnergy) that counts as "heard something". */
export const HEARD = 0.005;

/** Gives `profile` the test's fake microphone; returns it. */
export async function withFakeMicrophone(profile: BrowserContext): Promise<BrowserContext> {
  await profile.addInitScript(fakeMicrophone);
  return profile;
}

/** The simulated phone of `number` in `profile` (of the simulator at `url`), registered and ready. */
export async function phonePage(profile: BrowserContext, url: string, number: string): Promise<Page> {
  const page = await openPage(await withFakeMicrophone(profile), `${url}/__sim/phone?number=${encodeURIComponent(number)}`);
  await page.locator('#status[data-state="ready"]').waitFor({ timeout: 15_000 });
  return page;
}

/** The softphone in `profile`, signed in as `identity` and registered. */
export async function teammatePage(profile: BrowserContext, url: string, identity: string, passcode: string): Promise<Page> {
  const page = await openPage(await withFakeMicrophone(profile), url);
  await signInReady(page, identity, passcode);
  return page;
}

/** Resolves once `page` hears sound (energy, not bytes: silence has bytes too). */
export async function hearsSound(page: Page, what: string, timeout = 15_000): Promise<void> {
  const before = (await inboundAudio(page)).energy;
  await until(async () => (await inboundAudio(page)).energy > before + HEARD, what, timeout);
}

/**
 * Resolves once `page` hears nothing for half a second: what was said last can stay in the
 * pipeline (jitter buffers, a loaded machine) a while after every microphone went silent.
 */
export async function goesQuiet(page: Page, what: string, timeout = 15_000): Promise<void> {
  await until(async () => (await heardOver(page, 500)) < HEARD, what, timeout);
}

/** Resolves once each of `listeners` hears `talker`'s microphone (switched on, then off again). */
export async function heardBy(talker: Page, listeners: Page[], what: string): Promise<void> {
  await setTalking(talker, true);
  try {
    await Promise.all(listeners.map((page, i) => hearsSound(page, `${what} (listener ${i + 1})`)));
  } finally {
    await setTalking(talker, false);
  }
}

export const incomingBanner = (page: Page) => page.getByRole('region', { name: 'Incoming call' });

/** `phone` calls the team and alice accepts; each hears the other's microphone. */
export async function phoneAnsweredByAlice(phone: Page, alice: Page): Promise<void> {
  await phone.locator('#call').click();
  await incomingBanner(alice).waitFor({ timeout: 15_000 });
  await alice.getByRole('button', { name: 'Accept' }).click();
  await phone.locator('#status[data-state="in-call"]').waitFor({ timeout: 15_000 });
  await heardBy(phone, [alice], 'the phone at alice');
  await heardBy(alice, [phone], 'alice at the phone');
}

/**
 * alice and bob signed in and the simulated phone of `caller`, each in a new profile of the test's
 * `shared` softphones; the phone calls the team and alice answers.
 */
export async function answeredByAlice({ sim, pages }: SharedSoftphones, caller: string): Promise<{ alice: Page; bob: Page; phone: Page }> {
  const teammate = async (who: string) => teammatePage(await pages.profile(), sim.url, who, sim.passcodes[who]);
  const [alice, bob, phone] = await Promise.all([teammate('alice'), teammate('bob'), pages.profile().then((p) => phonePage(p, sim.url, caller))]);
  await phoneAnsweredByAlice(phone, alice);
  return { alice, bob, phone };
}

/** Resolves once `page` is out of its call (its Call button is back). */
export const idle = (page: Page) => page.getByRole('button', { name: 'Call', exact: true }).waitFor({ timeout: 20_000 });

/** The Hold and transfer controls of a teammate's page. */
export const callControls = (page: Page) => page.getByRole('group', { name: 'Hold and transfer' });

/** Types `target` in the call controls of `page` and clicks `how`; returns when it was clicked. */
export async function clickTransfer(page: Page, target: string, how: 'Transfer' | 'Consult' = 'Transfer'): Promise<number> {
  await callControls(page).getByLabel('Transfer to (teammate or number)').fill(target);
  await callControls(page).getByRole('button', { name: how, exact: true }).click();
  return Date.now();
}

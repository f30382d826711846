/**
 * Call routing end to end: the real page and SDK in Chromium, the simulated phone
 * calling the team number, the real Functions with a routing file built in.
 */
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator, type SimCall } from '../../simulator';
import { launchChromium } from '../support/browser';
import { pagesPerTest } from '../support/page-fixture';
import { closedNow } from '../support/routing';
import { until } from '../support/until';

const CALLER = '+14155550123';
const ROUTING = {
  groups: { sales: ['alice', 'bob'], support: ['carol'] },
  menu: { prompt: 'For sales press 1. For support press 2.', options: { '1': 'sales', '2': 'support', '0': 'everyone', '9': 'voicemail' } },
};

jest.setTimeout(90_000);

let sim: Simulator;
let closed: Simulator;
let browser: Browser;
const pages = pagesPerTest(() => ({ browser, url: sim.url }));

beforeAll(async () => {
  [sim, closed, browser] = await Promise.all([startSimulator({ routing: ROUTING }), startSimulator({ routing: { ...ROUTING, ...closedNow() } }), launchChromium()]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([sim?.stop(), closed?.stop()]);
});

/** The simulated phone of CALLER, ready to call the team number. */
async function phoneOf(page: Page): Promise<Page> {
  const phone = await pages.page(page.context(), `/__sim/phone?number=${encodeURIComponent(CALLER)}`);
  await phone.locator('#status[data-state="ready"]').waitFor();
  return phone;
}

/** The first call from CALLER after the first `after` calls once `done` holds for it (the call log is in the error otherwise). */
async function callFromPhone(target: Simulator, after: number, done: (call: SimCall) => boolean, what: string, timeout = 30_000): Promise<SimCall> {
  const newest = () =>
    target
      .calls()
      .slice(after)
      .find((c) => c.from === CALLER);
  try {
    return await until(
      () => {
        const call = newest();
        return call && done(call) ? call : undefined;
      },
      what,
      timeout,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; newest call: ${JSON.stringify(newest(), null, 1)?.slice(0, 4000)}`, { cause: error });
  }
}
const rung = (call: SimCall) => [...new Set(call.legs.map((leg) => leg.to))].sort();

it('never serves routing.json through the front URL', async () => {
  for (const path of ['/routing.json', '/routing.private.json']) {
    const response = await fetch(`${sim.url}${path}`);
    const body = await response.text();
    expect([path, response.status]).toEqual([path, path === '/routing.json' ? 403 : 404]);
    expect(body).not.toContain('support');
  }
});

it('the caller hears the menu and presses 2 (call.sendDigits): only the support group rings', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((id) => pages.signedIn(id, sim.passcodes[id])));
  const phone = await phoneOf(alice);
  const before = sim.calls().length;
  await phone.getByRole('button', { name: 'Call' }).click();
  // The <Gather> answers the call; the phone shows the sentence it hears.
  await phone.locator('#status[data-state="in-call"]').waitFor();
  await phone.getByRole('region', { name: 'What the line says' }).getByText(ROUTING.menu.prompt).waitFor();
  await phone.evaluate(() => (window as unknown as { simPhone: { call: { sendDigits(digits: string): void } } }).simPhone.call.sendDigits('2'));
  const call = await callFromPhone(sim, before, (c) => c.legs.length > 0, 'the support group to ring');
  await carol.getByRole('region', { name: 'Incoming call' }).waitFor();
  const menuStep = call.webhooks.find((w) => new URL(w.url).pathname === '/routing/menu-1' && w.kind === 'action');
  expect(menuStep?.params.Digits).toBe('2');
  expect(rung(call)).toEqual(['client:carol']);
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await phone.locator('#status[data-state="ready"]').waitFor();
  expect(rung(sim.calls().find((c) => c.sid === call.sid)!)).toEqual(['client:carol']);
  for (const page of [alice, bob]) expect(await page.getByRole('region', { name: 'Incoming call' }).isHidden()).toBe(true);
});

it('a caller who presses nothing hears the menu three times, then everyone rings', async () => {
  const pagesIn = await Promise.all(['alice', 'bob', 'carol'].map((id) => pages.signedIn(id, sim.passcodes[id])));
  const phone = await phoneOf(pagesIn[0]);
  const before = sim.calls().length;
  await phone.getByRole('button', { name: 'Call' }).click();
  // Each play is the prompt, then 5 s of waiting for a key.
  const call = await callFromPhone(sim, before, (c) => rung(c).length === 3, 'everyone to ring', 60_000);
  expect(call.webhooks.filter((w) => w.kind !== 'status').map((w) => new URL(w.url).pathname)).toEqual(['/voice', '/routing/menu-1', '/routing/menu-2', '/routing/menu-3']);
  expect(call.says).toEqual([ROUTING.menu.prompt, ROUTING.menu.prompt, ROUTING.menu.prompt]);
  expect(rung(call)).toEqual(['client:alice', 'client:bob', 'client:carol']);
  await Promise.all(pagesIn.map((page) => page.getByRole('region', { name: 'Incoming call' }).waitFor()));
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await phone.locator('#status[data-state="ready"]').waitFor();
});

it('when closed, the caller hears the closed message and goes to voicemail; nobody rings', async () => {
  const profile = await pages.profile();
  const phone = await pages.page(profile);
  await phone.goto(`${closed.url}/__sim/phone?number=${encodeURIComponent(CALLER)}`);
  await phone.locator('#status[data-state="ready"]').waitFor();
  const before = closed.calls().length;
  await phone.getByRole('button', { name: 'Call' }).click();
  const call = await callFromPhone(closed, before, (c) => c.says.length > 0, 'the closed message');
  expect(call.says[0]).toBe('Sorry, we are closed. Please leave a message.');
  // Voicemail: the greeting is the closed message, then a <Record>.
  expect(call.webhooks[0].response).toMatch(/<Say>Sorry, we are closed\. Please leave a message\.<\/Say><Record /);
  await phone
    .getByRole('button', { name: 'Hang up' })
    .click({ timeout: 5000 })
    .catch(() => undefined); // it may have ended by itself
  const ended = await callFromPhone(closed, before, (c) => c.endedAt !== undefined, 'the call to end');
  expect(ended.legs).toEqual([]);
  expect(ended.webhooks.map((w) => new URL(w.url).pathname)).toEqual(expect.not.arrayContaining(['/routing/menu-1']));
});

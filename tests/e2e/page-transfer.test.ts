/**
 * Hold and transfer on the softphone page, in real Chromium on the simulator: the controls appear
 * in a call, are accessible and translated, and a refused transfer says why while the call goes on
 * with its audio; hold, resume and a consultation driven from the page, on a call between teammates
 * that the first hold moves into the simulator's `<Conference>`.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { softphonesPerFile } from '../support/page-fixture';
import { audioArrives, screenshot } from '../support/softphone';

jest.setTimeout(60_000);

const shared = softphonesPerFile();
const pages = shared.pages;

const callState = (page: Page, text: string) => page.locator('#call-state').filter({ hasText: text }).waitFor();
const controls = (page: Page) => page.getByRole('group', { name: 'Hold and transfer' });

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run());
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

it('shows Hold, Transfer and Consult in a call, accessibly; a refused transfer says why and the call goes on', async () => {
  const [alice, bob] = await Promise.all([pages.signedIn('alice', shared.sim.passcodes.alice), pages.signedIn('bob', shared.sim.passcodes.bob)]);
  expect(await controls(alice).isHidden()).toBe(true);
  await alice.getByRole('button', { name: 'Call bob' }).click();
  await bob.getByRole('button', { name: 'Accept' }).click();
  await callState(alice, 'In call with bob');
  await Promise.all([audioArrives(alice), audioArrives(bob)]);

  await controls(alice).waitFor();
  for (const name of ['Hold', 'Transfer', 'Consult']) await controls(alice).getByRole('button', { name, exact: true }).waitFor();
  expect(await controls(alice).getByRole('button', { name: 'Hold' }).getAttribute('aria-pressed')).toBe('false');
  expect(await seriousViolations(alice)).toEqual([]);
  await screenshot(alice, 'in-call-controls-1280x800');

  // A premium-rate number: refused by the dialling policy, in words, and nothing happens to the call.
  await controls(alice).getByLabel('Transfer to (teammate or number)').fill('+1 900 555 0123');
  await controls(alice).getByRole('button', { name: 'Transfer' }).click();
  await alice.getByRole('alert').filter({ hasText: 'Premium-rate' }).waitFor();
  await callState(alice, 'In call with bob');
  expect(await bob.locator('#call-state').innerText()).toContain('In call with alice');
  await Promise.all([audioArrives(alice), audioArrives(bob)]);

  // The controls speak the page's language.
  await alice.getByLabel('Language').selectOption('ja');
  await alice.getByRole('group', { name: '保留と転送' }).getByRole('button', { name: '保留' }).waitFor();
  await alice.getByLabel('言語').selectOption('en');

  await alice.getByRole('button', { name: 'Hang up' }).click();
  await controls(alice).waitFor({ state: 'hidden' });
});

it('drives hold (with its time), resume, and a consultation that carol answers and alice merges', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((who) => pages.signedIn(who, shared.sim.passcodes[who])));
  await alice.getByRole('button', { name: 'Call bob' }).click();
  await bob.getByRole('button', { name: 'Accept' }).click();
  await callState(alice, 'In call with bob');
  const call = shared.sim.calls().find((c) => c.status === 'in-progress' && c.from === 'client:alice')!;
  const room = () => shared.sim.conferences.list().find((c) => c.friendlyName === `sb-${call.sid}` && c.status !== 'completed');
  const held = (label: string) => [...(room()?.participants.values() ?? [])].find((p) => p.label === label)?.hold;

  await controls(alice).getByRole('button', { name: 'Hold' }).click();
  await controls(alice)
    .getByText(/^On hold \d:\d\d$/)
    .waitFor();
  expect(held('bob')).toBe(true);
  expect(await controls(alice).getByRole('button', { name: 'Resume' }).getAttribute('aria-pressed')).toBe('true');
  // The held time counts up while the caller waits.
  await controls(alice)
    .getByText(/^On hold 0:0[1-9]$/)
    .waitFor({ timeout: 5000 });
  expect(await seriousViolations(alice)).toEqual([]);
  await controls(alice).getByRole('button', { name: 'Resume' }).click();
  await controls(alice).getByRole('button', { name: 'Hold' }).waitFor();
  expect(held('bob')).toBe(false);

  await controls(alice).getByLabel('Transfer to (teammate or number)').fill('carol');
  await controls(alice).getByRole('button', { name: 'Consult' }).click();
  await controls(alice)
    .getByText(/^Calling carol; the caller is on hold/)
    .waitFor();
  expect(held('bob')).toBe(true);
  await carol.getByRole('button', { name: 'Accept' }).click();
  await controls(alice)
    .getByText(/^Consulting carol; the caller is on hold/)
    .waitFor({ timeout: 10_000 });
  for (const name of ['Complete transfer', 'Cancel transfer', 'Merge']) await controls(alice).getByRole('button', { name }).waitFor();
  await controls(alice).getByRole('button', { name: 'Merge' }).click();
  await controls(alice).getByText('Everyone is talking').waitFor();
  expect([held('bob'), held('carol'), held('alice')]).toEqual([false, false, false]);
  await screenshot(alice, 'merged-1280x800');
  await carol.getByRole('button', { name: 'Hang up' }).click();
  await alice.getByRole('button', { name: 'Hang up' }).click();
});

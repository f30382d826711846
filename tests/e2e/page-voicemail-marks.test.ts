/**
 * The team's voicemail marks end to end: real Chromium pages on the simulator, the real Functions
 * keeping the marks in the simulator's Sync. A person signed in in two browsers is one person: a
 * message played in one is played in the other; a teammate's Handled shows on everyone's page
 * with who and when and can be undone; a deleted message's call stays a voicemail call in the
 * history. Each test leaves its own message from a number of its own before anyone signs in.
 */
import type { Page } from 'playwright-core';
import { softphonesPerFile } from '../support/page-fixture';
import { leaveVoicemail, missedCall, phoneFor } from '../support/team-calls';

jest.setTimeout(120_000);

const shared = softphonesPerFile({ env: { RING_TIMEOUT: '5' } });
const { pages } = shared;

/** A message left on a call from `+1202555<last4>`; the number as the page shows it. */
async function voicemailFrom(last4: string): Promise<{ shown: string; call: string }> {
  const number = `+1202555${last4}`;
  const phone = await phoneFor(shared.sim, number);
  try {
    const call = await missedCall(shared.sim, phone, number);
    await leaveVoicemail(shared.sim, call, 2);
    return { shown: `+1 202 555 ${last4}`, call };
  } finally {
    phone.close();
  }
}

const signedIn = (identity: string) => pages.signedIn(identity, shared.sim.passcodes[identity]);
const voicemail = (page: Page) => page.getByRole('region', { name: 'Voicemail' });
/** The message from `shown` in `page`'s Voicemail section. */
const message = (page: Page, shown: string) => voicemail(page).getByRole('listitem').filter({ hasText: shown });
const newMark = (page: Page, shown: string) => message(page, shown).locator('.new-mark');
const badge = async (page: Page) => {
  const text = await voicemail(page).locator('#voicemail-badge').innerText();
  return (await voicemail(page).locator('#voicemail-badge').isHidden()) ? 0 : Number(/\d+/.exec(text)?.[0]);
};
/** One update of a visible page is at most 15 s. */
const UPDATE = { timeout: 16_000 };

test('a message played in one browser of alice’s is played in her other one; bob still has it new', async () => {
  const { shown } = await voicemailFrom('0101');
  const [here, there, bob] = [await signedIn('alice'), await signedIn('alice'), await signedIn('bob')];
  for (const page of [here, there, bob]) await newMark(page, shown).waitFor(UPDATE);
  const unplayed = await badge(there);
  expect(unplayed).toBeGreaterThanOrEqual(1);

  await here.getByRole('button', { name: `Play the message from ${shown}` }).click();
  await newMark(here, shown).waitFor({ state: 'hidden' });
  await newMark(there, shown).waitFor({ state: 'hidden', ...UPDATE });
  expect(await badge(there)).toBe(unplayed - 1);
  // A page of hers opened afterwards agrees at once, and bob's marks are his own.
  const later = await signedIn('alice');
  await message(later, shown).waitFor(UPDATE);
  expect(await newMark(later, shown).isHidden()).toBe(true);
  expect(await newMark(bob, shown).isVisible()).toBe(true);
});

test('bob marks a message handled: alice’s page shows who and when; alice undoes it and bob’s page follows', async () => {
  const { shown } = await voicemailFrom('0102');
  const [alice, bob] = [await signedIn('alice'), await signedIn('bob')];
  await message(bob, shown).waitFor(UPDATE);
  await bob.getByRole('button', { name: `Mark the message from ${shown} handled` }).click();
  await message(bob, shown)
    .getByText(/^Handled by bob, /)
    .waitFor();

  const note = message(alice, shown).getByText(/^Handled by bob, /);
  await note.waitFor(UPDATE);
  expect(await note.innerText()).toMatch(/^Handled by bob, .*\d{1,2}:\d{2}/);
  const undo = alice.getByRole('button', { name: `Mark the message from ${shown} not handled` });
  expect(await undo.getAttribute('aria-pressed')).toBe('true');
  await undo.click();
  await alice.getByRole('button', { name: `Mark the message from ${shown} handled` }).waitFor();
  await message(bob, shown)
    .getByText(/^Handled by/)
    .waitFor({ state: 'hidden', ...UPDATE });
  expect(await bob.getByRole('button', { name: `Mark the message from ${shown} handled` }).getAttribute('aria-pressed')).toBe('false');
});

test('alice deletes a message: the call stays a voicemail call in the team’s history, “voicemail (deleted)”, with nothing to play', async () => {
  const { shown, call } = await voicemailFrom('0103');
  const [alice, bob] = [await signedIn('alice'), await signedIn('bob')];
  const historyRow = (page: Page) => page.getByRole('region', { name: 'Call history' }).getByRole('listitem').filter({ hasText: shown });
  await historyRow(bob)
    .getByText(/Incoming, voicemail/)
    .waitFor(UPDATE);
  expect(
    await historyRow(bob)
      .getByRole('button', { name: /^Voicemail 0:02/ })
      .isVisible(),
  ).toBe(true);

  await message(alice, shown).waitFor(UPDATE);
  await alice.getByRole('button', { name: `Delete the message from ${shown}` }).click();
  await alice.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await message(alice, shown).waitFor({ state: 'detached' });
  expect(shared.sim.recordings.list().some((recording) => recording.callSid === call)).toBe(false);

  await historyRow(bob)
    .getByText(/Incoming, voicemail \(deleted\)/)
    .waitFor(UPDATE);
  expect(
    await historyRow(bob)
      .getByRole('button', { name: /^Voicemail/ })
      .count(),
  ).toBe(0);
  expect(await message(bob, shown).count()).toBe(0);
  // A page that signs in afterwards reads the same from the server.
  const later = await signedIn('carol');
  await historyRow(later)
    .getByText(/Incoming, voicemail \(deleted\)/)
    .waitFor(UPDATE);
});

/**
 * Hold and cold transfer with real audio: the real SDK in Chromium on the simulator,
 * whose `<Conference>` the call really moves into (no conference arranged by hand). The simulated
 * phone calls the team, alice answers, then holds and resumes, or transfers to bob (who accepts or
 * rejects) or to another phone number. Every page has a fake microphone that is silent unless the
 * test makes it talk, so getStats() energy says who hears whom: on hold the phone hears sound while
 * alice is silent (our music), and alice talking adds nothing to it.
 */
import { heardOver } from '../support/browser';
import { setTalking } from '../support/fake-microphone';
import { softphonesPerFile } from '../support/page-fixture';
import { answeredByAlice, callControls as controls, clickTransfer, goesQuiet, HEARD, heardBy, hearsSound, idle, incomingBanner as banner, phonePage } from '../support/transfer-scenario';

jest.setTimeout(60_000);

const CALLER = '+12025550143';
const OUTSIDE = '+14155550199';
const shared = softphonesPerFile({ env: { RING_TIMEOUT: '8' } });

/** The conference the call moved into, as the simulator runs it. */
const conferenceOf = () => shared.sim.conferences.list().find((c) => c.friendlyName.startsWith('sb-') && c.status === 'in-progress');

it('hold: the call moves into its conference and the phone hears music, not alice; resume: audio both ways again', async () => {
  const { alice, phone } = await answeredByAlice(shared, CALLER);
  await goesQuiet(phone, 'the phone once nobody talks');
  const quiet = await heardOver(phone, 1500);

  await controls(alice).getByRole('button', { name: 'Hold', exact: true }).click();
  await controls(alice)
    .getByText(/On hold \d:\d\d/)
    .waitFor({ timeout: 15_000 });
  const labels = [...(conferenceOf()?.participants.values() ?? [])].map((p) => p.label).sort();
  await hearsSound(phone, 'hold music at the phone');
  const music = await heardOver(phone, 1500);
  await setTalking(alice, true);
  const musicWhileAliceTalks = await heardOver(phone, 1500);
  await setTalking(alice, false);

  await controls(alice).getByRole('button', { name: 'Resume' }).click();
  await controls(alice).getByRole('button', { name: 'Hold', exact: true }).waitFor();
  await heardBy(alice, [phone], 'alice at the phone after resume');
  await heardBy(phone, [alice], 'the phone at alice after resume');

  console.log(`phone hears over 1.5 s: nobody talking ${quiet}, held ${music}, held while alice talks ${musicWhileAliceTalks}`);
  expect(labels).toEqual(['alice', 'caller']);
  expect(quiet).toBeLessThan(HEARD);
  expect(music).toBeGreaterThan(HEARD);
  // Alice's tone is loud: had it reached the held phone, it would have more than doubled what it heard.
  expect(musicWhileAliceTalks).toBeLessThan(music * 2);
});

it('cold transfer to bob: his page rings with "transferred by alice", accepts; phone ↔ bob; alice`s call ended', async () => {
  const { alice, bob, phone } = await answeredByAlice(shared, CALLER);
  await clickTransfer(alice, 'bob');
  await banner(bob).waitFor({ timeout: 15_000 });
  const shown = await banner(bob).innerText();
  await bob.getByRole('button', { name: 'Accept' }).click();
  await idle(alice);
  await heardBy(phone, [bob], 'the phone at bob');
  await heardBy(bob, [phone], 'bob at the phone');

  expect(shown).toMatch(/Transferred by\s+alice/);
  // The caller's number as the page shows every number.
  expect(shown).toMatch(/Caller\s+\+1 202 555 0143/);
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await phone.locator('#status[data-state="ready"]').waitFor({ timeout: 15_000 });
});

it('a transfer bob rejects comes back to alice, who waited in the conference: audio both ways again', async () => {
  const { alice, bob, phone } = await answeredByAlice(shared, CALLER);
  await clickTransfer(alice, 'bob');
  await banner(bob).waitFor({ timeout: 15_000 });
  await bob.getByRole('button', { name: 'Reject', exact: true }).click();
  await heardBy(phone, [alice], 'the phone at alice after the rejected transfer');
  await heardBy(alice, [phone], 'alice at the phone after the rejected transfer');
  expect(await bob.locator('#call-state').innerText()).not.toContain('In call');
});

it('a transfer bob does not answer within RING_TIMEOUT comes back to alice', async () => {
  const { alice, bob, phone } = await answeredByAlice(shared, CALLER);
  await clickTransfer(alice, 'bob');
  await banner(bob).waitFor({ timeout: 15_000 });
  await banner(bob).waitFor({ state: 'hidden', timeout: 20_000 });
  await heardBy(phone, [alice], 'the phone at alice after the unanswered transfer');
  await heardBy(alice, [phone], 'alice at the phone after the unanswered transfer');
});

it('transfer to a phone number: the other phone rings, answers and talks with the caller; alice`s call ended', async () => {
  const { alice, phone } = await answeredByAlice(shared, CALLER);
  const outside = await phonePage(await shared.pages.profile(), shared.sim.url, OUTSIDE);
  await clickTransfer(alice, OUTSIDE);
  await outside.locator('#status[data-state="incoming"]').waitFor({ timeout: 15_000 });
  await outside.locator('#accept').click();
  await idle(alice);
  await heardBy(phone, [outside], 'the caller at the outside phone');
  await heardBy(outside, [phone], 'the outside phone at the caller');
  await outside.locator('#hangup').click();
});

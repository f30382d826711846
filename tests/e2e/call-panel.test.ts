/**
 * The call panel tells the truth in every state, in real Chromium on the simulator: the simulated
 * phone calls the team and alice answers; then each path of hold, transfer and consult, read on
 * every party's page. Whom the panel says a call is with, the details it came with, the controls it
 * offers, and the team's Call history follow who is actually on the call; a held caller leaves alice's
 * media flowing (no quality warning). At phone sizes and on a desktop the page in a call fits the
 * screen, measured from the boxes the browser laid out.
 */
import type { Page } from 'playwright-core';
import { CALL_WORDS } from '../../src/client/calls/call-words';
import { inboundAudio } from '../support/browser';
import { setTalking } from '../support/fake-microphone';
import { softphonesPerFile } from '../support/page-fixture';
import { answeredByAlice, callControls as controls, clickTransfer, heardBy, idle, incomingBanner as banner, phoneAnsweredByAlice, phonePage, teammatePage } from '../support/transfer-scenario';
import { until } from '../support/until';

jest.setTimeout(90_000);

const CALLER = '+12025550143';
/** The caller's number as the page shows it. */
const SHOWN = '+1 202 555 0143';
const shared = softphonesPerFile({ env: { RING_TIMEOUT: '15' } });

const press = (page: Page, name: string) => controls(page).getByRole('button', { name, exact: true }).click();
/** Waits until the panel's state line says `text` exactly. */
const panelSays = (page: Page, text: string) =>
  page
    .locator('#call-state')
    .filter({ hasText: new RegExp(`^${text.replace(/[+]/g, '\\+')}$`) })
    .waitFor({ timeout: 20_000 });
/** The panel's details (who handed the call on, the caller), as "label value" lines. */
const details = async (page: Page) => (await page.locator('#call-details').innerText()).replace(/\n/g, ' ');
/** The hold and transfer buttons the panel offers now. */
const offered = (page: Page) => controls(page).getByRole('button').allInnerTexts();
const history = (page: Page) => page.getByRole('region', { name: 'Call history' });
/** How many calls from the phone the page's Call history shows as answered by alice and handed to bob, once its page is in. */
async function handedToBob(page: Page): Promise<number> {
  await history(page).locator('#history-status:not(:has-text("Loading"))').waitFor({ state: 'attached' });
  const rows = await history(page).getByRole('listitem').allInnerTexts();
  return rows.filter((text) => text.includes(SHOWN) && text.includes('Incoming, answered by alice → transferred to bob')).length;
}
/**
 * Waits until the page's Call history shows one more call handed to bob than `before`. The call's
 * last status callback can land after the page's own refresh at hang-up: then the next update
 * (15 s on a visible page) brings it, and the history's request after it.
 */
const oneMoreHandedToBob = (page: Page, before: number) => until(async () => (await handedToBob(page)) === before + 1, 'the call in the history, handed to bob', 30_000);

/** The phone calls the team, alice answers and consults bob, who accepts: alice and bob talk while the caller waits. */
async function consulting(): Promise<{ alice: Page; bob: Page; phone: Page }> {
  const { alice, bob, phone } = await answeredByAlice(shared, CALLER);
  await panelSays(alice, `In call with ${SHOWN}`);
  await clickTransfer(alice, 'bob', 'Consult');
  await banner(bob).waitFor({ timeout: 15_000 });
  await bob.getByRole('button', { name: 'Accept' }).click();
  await controls(alice)
    .getByText(/^Consulting bob; the caller is on hold/)
    .waitFor({ timeout: 15_000 });
  return { alice, bob, phone };
}

it('consult → complete: bob sees alice consulting him about the caller and is offered nothing to press; after Complete he is with the caller, handed on by alice, may hold, and the call is in his Mine', async () => {
  const { alice, bob, phone } = await consulting();
  // bob's own calls: this one joins them once it is over, as a call handed to him.
  await history(bob).getByRole('button', { name: 'Mine', exact: true }).click();
  const before = await handedToBob(bob);
  await panelSays(bob, 'In call with alice');
  await controls(bob).getByText(`alice is consulting you; ${SHOWN} is on hold`).waitFor({ timeout: 15_000 });
  expect(await details(bob)).toBe(`Consulting you alice Caller ${SHOWN}`);
  expect(await offered(bob)).toEqual([]);

  await press(alice, 'Complete transfer');
  await idle(alice);
  await panelSays(bob, `In call with ${SHOWN}`);
  expect(await details(bob)).toBe(`Transferred by alice Caller ${SHOWN}`);
  await until(async () => (await offered(bob)).join() === 'Hold,Transfer,Consult', 'bob to be offered hold and transfer');
  await heardBy(phone, [bob], 'the phone at bob');

  // What he is offered works: bob holds the caller and takes them back.
  await press(bob, 'Hold');
  await controls(bob)
    .getByText(/^On hold \d:\d\d$/)
    .waitFor();
  await press(bob, 'Resume');
  await controls(bob).getByRole('button', { name: 'Hold' }).waitFor();
  expect(await details(bob)).toBe(`Transferred by alice Caller ${SHOWN}`);

  await phone.locator('#hangup').click();
  await idle(bob);
  await oneMoreHandedToBob(bob, before);
});

it('consult → merge, then alice hangs up: bob is with the caller and alice; then with the caller alone, and the history says alice handed it to him', async () => {
  const { alice, bob, phone } = await consulting();
  const before = await handedToBob(bob);
  await press(alice, 'Merge');
  await controls(alice).getByText('Everyone is talking').waitFor({ timeout: 15_000 });
  await panelSays(bob, `In call with ${SHOWN} and alice`);
  await panelSays(alice, `In call with ${SHOWN} and bob`); // the caller first, then teammates
  expect(await offered(bob)).toEqual([]);

  await alice.getByRole('button', { name: 'Hang up' }).click();
  await idle(alice);
  await panelSays(bob, `In call with ${SHOWN}`);
  expect(await details(bob)).toBe(`Transferred by alice Caller ${SHOWN}`);
  await heardBy(bob, [phone], 'bob at the phone after alice left');
  // Twilio's call times are whole seconds: bob must talk on past the second alice left in, or the
  // history cannot tell her handing him the call from both of them leaving together.
  await bob.waitForTimeout(1000);
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await idle(bob);
  await oneMoreHandedToBob(bob, before);
});

it('consult → cancel: bob`s call ends; alice is with the caller again', async () => {
  const { alice, bob } = await consulting();
  await press(alice, 'Cancel transfer');
  await idle(bob);
  await panelSays(alice, `In call with ${SHOWN}`);
  expect(await offered(alice)).toEqual(['Hold', 'Transfer', 'Consult']);
  await alice.getByRole('button', { name: 'Hang up' }).click();
});

it('a consultation bob does not answer: alice hears he is not coming and has the caller on hold to resume', async () => {
  const { alice, bob } = await answeredByAlice(shared, CALLER);
  await clickTransfer(alice, 'bob', 'Consult');
  await banner(bob).waitFor({ timeout: 15_000 });
  await bob.getByRole('button', { name: 'Reject' }).click();
  await controls(alice)
    .getByText(/^On hold \d:\d\d$/)
    .waitFor({ timeout: 20_000 });
  await panelSays(alice, `In call with ${SHOWN}`);
  await press(alice, 'Resume');
  await controls(alice).getByRole('button', { name: 'Hold' }).waitFor();
  await alice.getByRole('button', { name: 'Hang up' }).click();
});

it('cold transfer: "Transferred by alice" and the caller stay in bob`s panel for as long as the call lasts', async () => {
  const { alice, bob, phone } = await answeredByAlice(shared, CALLER);
  await clickTransfer(alice, 'bob');
  await banner(bob).waitFor({ timeout: 15_000 });
  expect((await banner(bob).locator('#incoming-details').innerText()).replace(/\n/g, ' ')).toBe(`Transferred by alice Caller ${SHOWN}`);
  await bob.getByRole('button', { name: 'Accept' }).click();
  await idle(alice);
  await panelSays(bob, `In call with ${SHOWN}`);
  expect(await details(bob)).toBe(`Transferred by alice Caller ${SHOWN}`);
  await heardBy(phone, [bob], 'the phone at bob');
  expect(await details(bob)).toBe(`Transferred by alice Caller ${SHOWN}`);
  await bob.getByRole('button', { name: 'Hang up' }).click();
});

it('a caller on hold: alice`s leg keeps receiving audio (silence), so her panel never says no audio arrives', async () => {
  const { alice } = await answeredByAlice(shared, CALLER);
  await press(alice, 'Hold');
  await controls(alice)
    .getByText(/^On hold \d:\d\d$/)
    .waitFor();
  // She talks meanwhile (a silent microphone is a warning of its own). Twilio's conference keeps
  // her leg's media flowing; the SDK warns after ~3 s without any (and holds its warnings for the
  // first 5 s of a call): ten seconds of media arriving, the panel's warnings read all along.
  // Packets, not bytes: her leg speaks Opus, whose silence is a few bytes a frame. Jitter or delay
  // warnings a loaded machine may cause are not what this is about.
  await setTalking(alice, true);
  const shown = new Set<string>();
  const before = (await inboundAudio(alice)).packets;
  await until(
    async () => {
      const text = await alice.locator('#call-warning').textContent();
      if (text) shown.add(text);
      return (await inboundAudio(alice)).packets >= before + 500;
    },
    'ten seconds of audio (500 packets) to arrive at alice while the caller is on hold',
    45_000,
    250,
  );
  const noAudio = (['warning.low-bytes-received', 'warning.constant-audio-output-level', 'warning.generic'] as const).map((key) => CALL_WORDS.en[key]);
  expect([...shown].filter((text) => noAudio.includes(text))).toEqual([]);
  await setTalking(alice, false);
  await alice.getByRole('button', { name: 'Hang up' }).click();
});

/** What the layout of a page in a call looks like, from the boxes Chromium laid out. */
interface Layout {
  /** How far the page scrolls sideways (0: not at all). */
  sideways: number;
  /** Visible cards, with their edges. */
  cards: { name: string; left: number; right: number; top: number; bottom: number }[];
  /** The call's buttons (panel and Hold and transfer) that are not fully on the screen. */
  offScreen: string[];
  /** The header's height, and how many lines "Signed in as alice" takes. */
  header: { height: number; whoLines: number; who: string; whoShown: string };
  /** The largest empty space between the blocks from the call timer down to the controls. */
  gapBelowTimer: number;
}

function measureLayout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const cards = [...document.querySelectorAll('.card')].filter(shown).map((el) => {
      const box = el.getBoundingClientRect();
      return { name: el.getAttribute('aria-labelledby') ?? el.id, left: box.left, right: box.right, top: box.top + window.scrollY, bottom: box.bottom + window.scrollY };
    });
    const buttons = [...document.querySelectorAll('#call-controls button, .call-row button')].filter(shown);
    const offScreen = buttons.filter((el) => el.getBoundingClientRect().left < 0 || el.getBoundingClientRect().right > width).map((el) => el.textContent ?? '');
    const who = document.getElementById('who')!;
    const lineHeight = parseFloat(getComputedStyle(who).lineHeight);
    const blocks = [document.querySelector('.timer')!, ...document.querySelectorAll('.timer ~ *'), document.getElementById('call-controls')!].filter(shown).map((el) => el.getBoundingClientRect());
    const gaps = blocks.slice(1).map((box, i) => box.top - blocks[i].bottom);
    return {
      sideways: document.documentElement.scrollWidth - width,
      cards,
      offScreen,
      header: {
        height: document.querySelector('header')!.getBoundingClientRect().height,
        whoLines: Math.round(who.getBoundingClientRect().height / lineHeight),
        who: who.textContent ?? '',
        whoShown: who.innerText,
      },
      gapBelowTimer: Math.max(...gaps),
    };
  });
}

describe.each([
  { width: 320, height: 640 },
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
])('in a call at $width×$height', (viewport) => {
  it('the page fits the screen: no sideways scrolling, cards within it and lined up, the call controls on screen, a one-line header, no gap under the timer', async () => {
    const { sim, pages } = shared;
    const [alice, phone] = await Promise.all([
      pages.profile({ viewport }).then((profile) => teammatePage(profile, sim.url, 'alice', sim.passcodes.alice)),
      pages.profile().then((profile) => phonePage(profile, sim.url, CALLER)),
    ]);
    await phoneAnsweredByAlice(phone, alice);
    await controls(alice).getByRole('button', { name: 'Hold' }).waitFor();
    const layout = await measureLayout(alice);

    expect(layout.sideways).toBe(0);
    expect(layout.cards.filter((card) => card.left < 0 || card.right > viewport.width).map((card) => card.name)).toEqual([]);
    expect(layout.offScreen).toEqual([]);
    expect(layout.header.who).toBe('Signed in as alice');
    expect(layout.header.whoShown).toContain('alice');
    expect(layout.header.whoLines).toBe(1);
    expect(layout.header.height).toBeLessThanOrEqual(viewport.width < 600 ? 110 : 70);
    // Under 1 rem: the lines of the panel and its controls follow each other, nothing empty between.
    expect(layout.gapBelowTimer).toBeLessThan(16);
    // Cards line up: one column of the same edges on a phone; on a desktop, cards beside each other
    // start at the same height or end at the same height (a card spanning two rows meets both).
    if (viewport.width < 900) {
      expect(new Set(layout.cards.map((card) => `${Math.round(card.left)}-${Math.round(card.right)}`)).size).toBe(1);
    } else {
      const side = layout.cards.flatMap((a) => layout.cards.filter((b) => a !== b && a.top < b.bottom && b.top < a.bottom).map((b) => [a, b] as const));
      expect(side.length).toBeGreaterThan(0);
      expect(side.filter(([a, b]) => Math.abs(a.top - b.top) > 1 && Math.abs(a.bottom - b.bottom) > 1).map(([a, b]) => `${a.name} / ${b.name}`)).toEqual([]);
    }
    await alice.getByRole('button', { name: 'Hang up' }).click();
    await idle(alice);
  });
});

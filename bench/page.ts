/**
 * Figures "page": what a person feels in the softphone page, in headless Chromium on the
 * simulator — page weight on first load (gzip), click Sign in → registered, click Call → callee
 * incoming, and → audio both ways (getStats); the team's records: registered → the call history
 * shown (Twilio's records hold `historyCalls` calls) and click Play → voicemail audio playing.
 * Each repetition uses fresh browser profiles, so every load is a first load. Timing runs inside
 * the pages (bench/page-probes.js).
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../simulator';
import { audioBytesReceived, launchChromium } from '../tests/support/browser';
import { newProfile } from '../tests/support/softphone';
import { leaveVoicemail, missedCall, phoneFor } from '../tests/support/team-calls';
import { againstLimit, type Figure } from './report';
import { repeatUntilSettled, summarize, type Repetitions } from './stats';

/** How many times the whole scenario (two fresh profiles, sign-ins, one call) runs. */
export interface PageOptions {
  /** Until the median of every timing is stable (the weights are the same every time). */
  repetitions: Repetitions;
  /** Calls put in Twilio's records before the runs (the last one leaves a voicemail); 200 by default. */
  historyCalls?: number;
}

const PROBES = join(__dirname, 'page-probes.js');
const TIMEOUT_MS = 15_000;
const KB = 1024;
/** The history's first page: what "history shown" waits for. */
const HISTORY_PAGE = 50;
/** Simulated phones calling the team at once while the history is filled. */
const PHONES = ['+12025550101', '+12025550102', '+12025550103', '+12025550104'];

/** Response bodies a page received, by URL (the first of each). */
type Bodies = Map<string, Promise<Buffer | undefined>>;

interface Tab {
  context: BrowserContext;
  page: Page;
  bodies: Bodies;
}

interface Repetition {
  signInMs: number[];
  weight: { firstLoad: number; later: number; sounds: number };
  callToIncoming: number;
  callToAudio: number;
  acceptToAudio: number;
  registeredToHistory: number;
  playToPlaying: number;
}

async function openTab(browser: Browser, url: string): Promise<Tab> {
  const context = await newProfile(browser, url);
  await context.addInitScript({ path: PROBES });
  const page = await context.newPage();
  const bodies: Bodies = new Map();
  page.on('response', (response) => {
    if (!bodies.has(response.url()))
      bodies.set(
        response.url(),
        response.body().catch(() => undefined),
      );
  });
  await page.goto(url);
  return { context, page, bodies };
}

/** Fills the sign-in form, clicks Sign in inside the page and times it to `registered`. */
async function signIn(tab: Tab, identity: string, passcode: string): Promise<{ ms: number; registeredAt: number }> {
  await tab.page.fill('#identity', identity);
  await tab.page.fill('#passcode', passcode);
  return tab.page.evaluate(`window.__benchProbes.signInToRegistered(${TIMEOUT_MS})`);
}

/** Sounds and voicemail audio: media, counted apart from the page's own bytes. */
const isSound = (path: string) => /\/sounds\/|\.(wav|mp3|ogg)$|^\/recording$/.test(path);

/** Gzip bytes (level 6, as web servers send) of the given URLs' bodies, sounds and simulator files apart. */
async function gzipBytes(tab: Tab, urls: readonly string[]): Promise<{ page: number; sounds: number }> {
  const total = { page: 0, sounds: 0 };
  for (const url of new Set(urls)) {
    const path = new URL(url).pathname;
    if (path.startsWith('/__sim/')) continue; // the simulator's injected script is not in the deployed page
    const body = await tab.bodies.get(url);
    if (!body) throw new Error(`no response body recorded for ${url}`);
    total[isSound(path) ? 'sounds' : 'page'] += gzipSync(body, { level: 6 }).length;
  }
  return total;
}

/** Puts `count` missed calls from phones to the team in Twilio's records, the last with a 3 s voicemail. */
async function fillHistory(sim: Simulator, count: number): Promise<void> {
  const phones = await Promise.all(PHONES.map((number) => phoneFor(sim, number)));
  try {
    let last = '';
    await Promise.all(
      phones.map(async (phone, i) => {
        for (let n = i; n < count; n += phones.length) {
          const sid = await missedCall(sim, phone, PHONES[i]);
          if (n === count - 1) last = sid;
        }
      }),
    );
    await leaveVoicemail(sim, last, 3);
  } finally {
    for (const phone of phones) phone.close();
  }
}

async function repetition(browser: Browser, sim: Simulator, historyRows: number): Promise<Repetition> {
  const [alice, bob] = await Promise.all([openTab(browser, sim.url), openTab(browser, sim.url)]);
  try {
    await alice.page.evaluate(`window.__benchProbes.watchHistory(${historyRows})`);
    const aliceIn = await signIn(alice, 'alice', sim.passcodes.alice);
    const historyAt = await alice.page.evaluate<number>(`window.__benchProbes.historyShown(${TIMEOUT_MS})`);
    const bobIn = await signIn(bob, 'bob', sim.passcodes.bob);
    const firstLoad = await alice.page.evaluate<string[]>(`window.__benchProbes.loadedBy(${aliceIn.registeredAt})`);

    await bob.page.evaluate('window.__benchProbes.acceptWhenOffered()');
    await alice.page.fill('#number', 'bob');
    const audio = [alice, bob].map((tab) => tab.page.evaluate<number>(`window.__benchProbes.firstAudio(${TIMEOUT_MS})`));
    const callAt = await alice.page.evaluate<number>('window.__benchProbes.clickCall()');
    const audioAt = Math.max(...(await Promise.all(audio)));
    const { incomingAt, acceptAt } = await bob.page.evaluate<{ incomingAt: number; acceptAt: number }>('window.__benchProbes.calleeTimes()');
    await assertAudioGrows([alice.page, bob.page]);

    const everything = await alice.page.evaluate<string[]>(`window.__benchProbes.loadedBy(performance.now())`);
    const [before, all] = await Promise.all([gzipBytes(alice, firstLoad), gzipBytes(alice, everything)]);
    await alice.page.click('#hang-up');
    const playToPlaying = await alice.page.evaluate<number>(`window.__benchProbes.playToPlaying(${TIMEOUT_MS})`);
    return {
      signInMs: [aliceIn.ms, bobIn.ms],
      weight: { firstLoad: before.page, later: all.page - before.page, sounds: all.sounds },
      callToIncoming: incomingAt - callAt,
      callToAudio: audioAt - callAt,
      acceptToAudio: audioAt - acceptAt,
      registeredToHistory: historyAt - aliceIn.registeredAt,
      playToPlaying,
    };
  } finally {
    await Promise.all([alice.context.close(), bob.context.close()]);
  }
}

/** Audio must keep flowing, not merely start: bytes received grow on both sides. */
async function assertAudioGrows(pages: Page[]): Promise<void> {
  const before = await Promise.all(pages.map(audioBytesReceived));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = await Promise.all(pages.map(audioBytesReceived));
  if (after.some((bytes, i) => bytes <= before[i])) throw new Error('audio did not keep flowing both ways');
}

/** The timings of a repetition, each a figure (sign-in: both pages'). */
const TIMINGS: ((r: Repetition) => number[])[] = [
  (r) => r.signInMs,
  (r) => [r.callToIncoming],
  (r) => [r.callToAudio],
  (r) => [r.acceptToAudio],
  (r) => [r.registeredToHistory],
  (r) => [r.playToPlaying],
];

/** Starts the simulator and Chromium, runs the repetitions, and summarises them. */
export async function measurePage({ repetitions, historyCalls = 200 }: PageOptions): Promise<Figure[]> {
  const [sim, browser] = await Promise.all([startSimulator(), launchChromium()]);
  const reps: Repetition[] = [];
  try {
    await fillHistory(sim, historyCalls);
    await repeatUntilSettled(repetitions, async () => {
      reps.push(await repetition(browser, sim, Math.min(HISTORY_PAGE, historyCalls)));
      return TIMINGS.map((pick) => reps.flatMap(pick));
    });
  } finally {
    await browser.close();
    await sim.stop();
  }
  const kb = (pick: (r: Repetition) => number) => summarize(reps.map((r) => pick(r) / KB));
  const ms = (pick: (r: Repetition) => number) => summarize(reps.map(pick));
  return [
    againstLimit(
      'page weight, first load → registered (gzip)',
      'KB',
      kb((r) => r.weight.firstLoad),
      '≤',
      70,
      "every request of a fresh profile until registered (document, scripts, styles, icons, /token), gzip level 6, 1 KB = 1,024 B; sounds and the simulator's injected script apart",
    ),
    { name: 'page: fetched after registered, lazily (gzip)', unit: 'KB', value: kb((r) => r.weight.later), goal: '—' },
    againstLimit(
      'page weight, whole first visit (gzip)',
      'KB',
      kb((r) => r.weight.firstLoad + r.weight.later),
      '≤',
      100,
      'the first load plus what comes after registered: the dialling policy and its numbering zones, the Voicemail and Call history chunk, their first /voicemail and /calls answers; sounds and voicemail audio apart',
    ),
    { name: 'page: sounds (gzip)', unit: 'KB', value: kb((r) => r.weight.sounds), goal: '—' },
    againstLimit('click Sign in → registered', 'ms', summarize(reps.flatMap((r) => r.signInMs)), '<', 300, 'timed in the page from the click to the status badge; includes /token and its scrypt'),
    againstLimit(
      'click Call → callee incoming',
      'ms',
      ms((r) => r.callToIncoming),
      '<',
      150,
      "until the callee's incoming banner shows",
    ),
    againstLimit(
      'click Call → audio both ways',
      'ms',
      ms((r) => r.callToAudio),
      '<',
      1000,
      'the callee clicks Accept the moment the banner shows; audio = inbound-rtp bytes on both sides (and still growing 300 ms later)',
    ),
    { name: 'click Accept → audio both ways', unit: 'ms', value: ms((r) => r.acceptToAudio), goal: '—' },
    againstLimit(
      `registered → call history shown (${historyCalls} calls)`,
      'ms',
      ms((r) => r.registeredToHistory),
      '<',
      300,
      `from the status badge to the history's first page (${Math.min(HISTORY_PAGE, historyCalls)} rows) on screen: the records chunk, /calls through the REST API, rendering; it never delays registered`,
    ),
    againstLimit(
      'click Play → voicemail audio playing',
      'ms',
      ms((r) => r.playToPlaying),
      '<',
      500,
      "a fresh profile: /recording (the MP3 fetched from the REST API by the Function) into a Blob, then the <audio> element's playing event",
    ),
  ];
}

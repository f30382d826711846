/**
 * Driving the softphone page in e2e tests as a person would: by labels and button names.
 * Also the page-weight and timing figures the benchmarks report, read from the browser itself.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { audioBytesReceived } from './browser';
import { until } from './until';

/** Where screenshots go for reviewers (git-ignored). */
export const SCREENSHOTS = join(__dirname, '..', 'e2e', '__screenshots__');

/** A new browser profile (its own localStorage) with notifications allowed. */
export async function newProfile(browser: Browser, url: string, options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: options.viewport ?? { width: 1280, height: 800 } });
  await context.grantPermissions(['notifications', 'microphone'], { origin: url });
  return context;
}

interface Recorded {
  /** The last response body of each URL, for the page weight. */
  bodies: Map<string, Promise<Buffer | undefined>>;
  /** Signaling frames the page sent, parsed. */
  framesSent: { type: string; payload: Record<string, unknown> }[];
  /** Last HTTP status by path. */
  statuses: Map<string, number>;
}

const recorded = new WeakMap<Page, Recorded>();

/** Opens the page in `context`, recording response bodies and the signaling frames it sends. */
export async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  const record: Recorded = { bodies: new Map(), framesSent: [], statuses: new Map() };
  recorded.set(page, record);
  page.on('response', (response) => {
    record.statuses.set(new URL(response.url()).pathname, response.status());
    // The last answer per URL: for /token that is the reply that signed in, not an earlier 401.
    record.bodies.set(
      response.url(),
      response.body().catch(() => undefined),
    );
  });
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.startsWith('{')) record.framesSent.push(JSON.parse(payload));
    }),
  );
  await page.goto(url);
  return page;
}

/** Signaling frames of `type` the page has sent so far. */
export function framesSent(page: Page, type: string): Record<string, unknown>[] {
  return recorded
    .get(page)!
    .framesSent.filter((frame) => frame.type === type)
    .map((frame) => frame.payload);
}

/** Fills the sign-in form and submits it. */
export async function signIn(page: Page, identity: string, passcode: string): Promise<void> {
  await page.getByLabel('Identity').fill(identity);
  await page.getByLabel('Passcode').fill(passcode);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits until the status badge shows `state` (registered, reconnecting, …). */
export async function waitPresence(page: Page, state: string, timeout = 15_000): Promise<void> {
  await page.locator(`#presence[data-state="${state}"]`).waitFor({ state: 'attached', timeout });
}

/** Signs in and waits for the line to be registered. */
export async function signInReady(page: Page, identity: string, passcode: string): Promise<void> {
  await signIn(page, identity, passcode);
  await waitPresence(page, 'registered');
}

/** Milliseconds from the Sign in click to `registered`, from the page's performance marks. */
export function signInToRegistered(page: Page): Promise<number> {
  return page.evaluate(() => {
    // From the last Sign in click (earlier ones may have failed) to the first registration.
    const start = performance.getEntriesByName('switchboard:sign-in').at(-1)!;
    const [end] = performance.getEntriesByName('switchboard:registered');
    return end.startTime - start.startTime;
  });
}

/**
 * Gzip bytes (level 6, what web servers use) of everything the page loaded before `registered`:
 * the document, scripts, styles, icons and the /token reply; the SDK's sounds and the
 * simulator's own injected script are left out.
 */
export async function pageWeightBeforeRegistered(page: Page): Promise<{ gzipBytes: number; files: Record<string, number> }> {
  const urls = await page.evaluate(() => {
    const [registered] = performance.getEntriesByName('switchboard:registered');
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return [location.href, ...resources.filter((r) => r.responseEnd <= registered.startTime).map((r) => r.name)];
  });
  const { bodies } = recorded.get(page)!;
  const files: Record<string, number> = {};
  for (const url of urls) {
    const path = new URL(url).pathname;
    if (path.startsWith('/__sim/') || path.startsWith('/assets/sounds/')) continue;
    const body = await bodies.get(url);
    if (!body) throw new Error(`No body recorded for ${url}`);
    files[path] = gzipSync(body, { level: 6 }).length;
  }
  return { gzipBytes: Object.values(files).reduce((a, b) => a + b, 0), files };
}

/** Saves a screenshot under tests/e2e/__screenshots__ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Resolves once inbound audio on `page` grows by a few packets' worth (getStats, not "accepted"). */
export async function audioArrives(page: Page): Promise<void> {
  const before = await audioBytesReceived(page);
  await until(async () => (await audioBytesReceived(page)) > before + 4000, 'audio to arrive');
}

/** Every response status the page got, by path. */
export function responseStatuses(page: Page): Map<string, number> {
  return recorded.get(page)!.statuses;
}

/** A system notification the page showed, as `notificationsShown` reports it. */
export interface ShownNotification {
  title: string;
  body?: string;
  closed: boolean;
}

/**
 * Makes the page look hidden (headless Chromium never hides a tab) and records the system
 * notifications it shows from then on.
 */
export function hideAndRecordNotifications(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { shown: { title: string; body?: string; closed: boolean }[] };
    w.shown = [];
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    const Native = window.Notification;
    window.Notification = class extends Native {
      private readonly record: { title: string; body?: string; closed: boolean };
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        this.record = { title, body: options?.body, closed: false };
        w.shown.push(this.record);
      }
      close() {
        this.record.closed = true;
        super.close();
      }
    };
  });
}

/** The notifications recorded since `hideAndRecordNotifications`. */
export function notificationsShown(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(() => (window as unknown as { shown: ShownNotification[] }).shown);
}

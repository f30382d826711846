/**
 * Browser state for one e2e test at a time: the simulator and Chromium are shared by a file (they
 * are slow to start and hold no per-test state), but every profile, page and sign-in a test uses
 * is its own, opened by the test and closed after it. So one test's failure (a page stuck in a
 * call, a teammate left signed out) cannot make the next ones fail.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { launchChromium } from './browser';
import { perFile } from './per-file';
import { newProfile, openPage, signInReady } from './softphone';

/** What a test may ask for; `url` is the simulator's, read once the file's `beforeAll` has run. */
export interface PageFixture {
  /** A new browser profile (own localStorage), closed after the test. */
  profile(options?: Parameters<typeof newProfile>[2]): Promise<BrowserContext>;
  /** The softphone (or `path` of the simulator) in a new tab of `profile`. */
  page(profile: BrowserContext, path?: string): Promise<Page>;
  /** The softphone in a new profile, signed in as `identity` and registered. */
  signedIn(identity: string, passcode: string): Promise<Page>;
}

/**
 * Registers `beforeEach`/`afterEach` hooks in the enclosing file or `describe`: profiles opened
 * through the fixture are closed after each test, and each test fails if any of its pages asked
 * a host other than the simulator's or reported a Content-Security-Policy violation.
 */
export function pagesPerTest(shared: () => { browser: Browser; url: string }): PageFixture {
  let profiles: BrowserContext[] = [];
  let foreignHosts = new Set<string>();
  let cspViolations: string[] = [];

  beforeEach(() => {
    profiles = [];
    foreignHosts = new Set();
    cspViolations = [];
  });

  afterEach(async () => {
    await Promise.all(profiles.map((profile) => profile.close()));
    const problems = [...[...foreignHosts].map((host) => `a page asked ${host}`), ...cspViolations.map((text) => `CSP: ${text}`)];
    if (problems.length) throw new Error(`this test's pages broke the page rules:\n${problems.join('\n')}`);
  });

  const fixture: PageFixture = {
    async profile(options) {
      const { browser, url } = shared();
      const profile = await newProfile(browser, url, options);
      profiles.push(profile);
      profile.on('request', (request) => {
        const { hostname, protocol } = new URL(request.url());
        // A `blob:` URL (a voicemail's audio, fetched already) is the page's own memory, no host's.
        if (hostname !== 'localhost' && protocol !== 'blob:') foreignHosts.add(request.url());
      });
      profile.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      return profile;
    },
    page: (profile, path = '') => openPage(profile, `${shared().url}${path}`),
    async signedIn(identity, passcode) {
      const page = await fixture.page(await fixture.profile());
      await signInReady(page, identity, passcode);
      return page;
    },
  };
  return fixture;
}

/** A simulator and Chromium shared by a test file, and fresh pages per test on them. */
export interface SharedSoftphones {
  readonly sim: Simulator;
  readonly browser: Browser;
  readonly pages: PageFixture;
}

/**
 * Starts the simulator and Chromium once for the enclosing file (`beforeAll`), stops them after it
 * (`afterAll`), and gives each test its own pages on them (`pagesPerTest`).
 */
export function softphonesPerFile(options: SimulatorOptions = {}): SharedSoftphones {
  const get = perFile(
    async () => {
      const [sim, browser] = await Promise.all([startSimulator(options), launchChromium()]);
      return { sim, browser };
    },
    async ({ sim, browser }) => {
      await browser.close();
      await sim.stop();
    },
  );
  return {
    get sim() {
      return get().sim;
    },
    get browser() {
      return get().browser;
    },
    pages: pagesPerTest(() => ({ browser: get().browser, url: get().sim.url })),
  };
}

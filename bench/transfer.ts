/**
 * Figures "hold and transfer" (issue 14), in headless Chromium on the simulator: click Transfer on
 * alice's page → bob's page rings (its incoming banner shows). Each round: the phone calls the team,
 * alice accepts, the call's conference is arranged as `<Conference>` leaves it (the move itself is
 * not in the figure), alice transfers to bob, bob rejects and the call ends. Timed from the test
 * process (Playwright adds a few ms). Click Hold → the caller hears music needs the simulator to mix
 * conferences, so it is reported as not measured until it does.
 */
import type { Page } from 'playwright-core';
import { startSimulator } from '../simulator';
import { launchChromium } from '../tests/support/browser';
import { newProfile } from '../tests/support/softphone';
import { clickTransfer, incomingBanner, phoneAnsweredByAlice, phonePage, teammatePage } from '../tests/support/transfer-scenario';
import { againstLimit, notMeasured, type Figure } from './report';
import { summarize } from './stats';

export interface TransferOptions {
  rounds: number;
}

const CALLER = '+12025550143';

export async function measureTransfer(options: TransferOptions): Promise<Figure[]> {
  const [sim, browser] = await Promise.all([startSimulator({ env: { RING_TIMEOUT: '15' } }), launchChromium()]);
  try {
    const teammate = async (identity: string): Promise<Page> => teammatePage(await newProfile(browser, sim.url), sim.url, identity, sim.passcodes[identity]);
    const [alice, bob, phone] = await Promise.all([teammate('alice'), teammate('bob'), newProfile(browser, sim.url).then((p) => phonePage(p, sim.url, CALLER))]);
    const samples: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      await phoneAnsweredByAlice(phone, alice);
      const clicked = await clickTransfer(alice, 'bob');
      await incomingBanner(bob).waitFor({ timeout: 15_000 });
      samples.push(Date.now() - clicked);
      await bob.getByRole('button', { name: 'Reject', exact: true }).click();
      // The rejected transfer takes the caller back to the conference, which the simulator cannot run
      // yet: the call ends there by itself.
      await phone.locator('#status[data-state="ready"]').waitFor({ timeout: 20_000 });
      await alice.getByRole('button', { name: 'Call', exact: true }).waitFor({ timeout: 20_000 });
    }
    return [
      againstLimit('click Transfer → target rings', 'ms', summarize(samples), '<', 1000, 'conference already set up'),
      notMeasured('click Hold → caller hears music', 'ms', '< 500 ms', 'the simulator does not mix conferences yet'),
    ];
  } finally {
    await browser.close();
    await sim.stop();
  }
}

/**
 * Figures "hold and transfer", in headless Chromium on the simulator and its
 * `<Conference>`. Each round: the phone calls the team and alice accepts; click Hold → the phone
 * hears music (the first hold also moves the call into its conference, as every first hold does);
 * Resume; click Transfer → bob's page rings (its incoming banner shows); bob rejects, the call
 * comes back to alice, who hangs up. Timed from the test process: Playwright adds a few ms, and
 * hearing is polled through getStats() every 100 ms.
 */
import type { Page } from 'playwright-core';
import { startSimulator } from '../simulator';
import { launchChromium } from '../tests/support/browser';
import { newProfile } from '../tests/support/softphone';
import { callControls, clickTransfer, hearsSound, idle, incomingBanner, phoneAnsweredByAlice, phonePage, teammatePage } from '../tests/support/transfer-scenario';
import { againstLimit, type Figure } from './report';
import { repeatUntilSettled, summarize, type Repetitions } from './stats';

export interface TransferOptions {
  /** Rounds, until both medians are stable. */
  rounds: Repetitions;
}

const CALLER = '+12025550143';

export async function measureTransfer(options: TransferOptions): Promise<Figure[]> {
  const [sim, browser] = await Promise.all([startSimulator({ env: { RING_TIMEOUT: '15' } }), launchChromium()]);
  try {
    const teammate = async (identity: string): Promise<Page> => teammatePage(await newProfile(browser, sim.url), sim.url, identity, sim.passcodes[identity]);
    const [alice, bob, phone] = await Promise.all([teammate('alice'), teammate('bob'), newProfile(browser, sim.url).then((p) => phonePage(p, sim.url, CALLER))]);
    const rings: number[] = [];
    const music: number[] = [];
    await repeatUntilSettled(options.rounds, async () => {
      await phoneAnsweredByAlice(phone, alice);
      await callControls(alice).getByRole('button', { name: 'Hold', exact: true }).click();
      const held = Date.now();
      await hearsSound(phone, 'hold music at the phone');
      music.push(Date.now() - held);
      await callControls(alice).getByRole('button', { name: 'Resume' }).click();
      await callControls(alice).getByRole('button', { name: 'Hold', exact: true }).waitFor({ timeout: 15_000 });
      const clicked = await clickTransfer(alice, 'bob');
      await incomingBanner(bob).waitFor({ timeout: 15_000 });
      rings.push(Date.now() - clicked);
      await bob.getByRole('button', { name: 'Reject', exact: true }).click();
      // The rejected transfer brings the caller back to alice's conference; she ends the call.
      await callControls(alice).getByRole('button', { name: 'Hold', exact: true }).waitFor({ timeout: 15_000 });
      await alice.getByRole('button', { name: 'Hang up' }).click();
      await phone.locator('#status[data-state="ready"]').waitFor({ timeout: 20_000 });
      await idle(alice);
      return [rings, music];
    });
    return [
      againstLimit('click Transfer → target rings', 'ms', summarize(rings), '<', 1000, 'call already in its conference'),
      againstLimit('click Hold → caller hears music', 'ms', summarize(music), '<', 500, 'includes the move into the conference'),
    ];
  } finally {
    await browser.close();
    await sim.stop();
  }
}

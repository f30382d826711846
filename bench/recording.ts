/**
 * Figures "call recording", in headless Chromium on the simulator (RECORD_CALLS=on-demand).
 * - Click Record → recording started: the phone calls the team and alice accepts; from her click
 *   on Record to her page showing "● Recording" (the Functions started it at Twilio and told the
 *   page); she stops it and hangs up. Timed from the test process, as `transfer.ts` is.
 * - A 30-minute two-channel call recording in the call history, played as the page plays it (a
 *   short-lived link the `<audio>` element fetches by range): click Play → audio playing, and a
 *   seek to 25:00 → playing there, both timed inside the page (page-probes.js: from the click or the seek
 *   to the first `timeupdate` past it), each round in a fresh page; and the bytes of audio the page was
 *   sent meanwhile, as a share of the recording's whole MP3. Its MP3 is encoded once before the rounds, as
 *   Twilio has it stored already.
 */
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { startSimulator, type Simulator } from '../simulator';
import { launchChromium } from '../tests/support/browser';
import { clickRecording, recordingIndicator } from '../tests/support/recording-panel';
import { newProfile, openPage, signInReady } from '../tests/support/softphone';
import { callEnded, callTeam, phoneFor } from '../tests/support/team-calls';
import { idle, phoneAnsweredByAlice, phonePage, teammatePage } from '../tests/support/transfer-scenario';
import { againstLimit, type Figure } from './report';
import { repeatUntilSettled, summarize, type Repetitions } from './stats';

export interface RecordingOptions {
  /** Rounds of each part, until its medians are stable. */
  rounds: Repetitions;
  /** Length of the long recording, in minutes; 30 by default. */
  minutes?: number;
}

const CALLER = '+12025550143';
const LONG_CALLER = '+12025550188';
const TIMEOUT_MS = 30_000;
const PROBES = join(__dirname, 'page-probes.js');

/** Puts a call from a phone to the team in Twilio's records with a `minutes` long dual-channel call recording (a tone on each channel); returns its SID. */
async function longRecording(sim: Simulator, minutes: number): Promise<string> {
  const phone = await phoneFor(sim, LONG_CALLER);
  const callSid = await callTeam(sim, phone, LONG_CALLER);
  phone.close();
  await callEnded(sim, callSid);
  const samples = minutes * 60 * 8000;
  const pcm = new Int16Array(samples * 2);
  for (let i = 0; i < samples; i++) [pcm[2 * i], pcm[2 * i + 1]] = [Math.round(4000 * Math.sin(i / 4)), Math.round(4000 * Math.sin(i / 7))];
  const recording = sim.recordings.add({ callSid, source: 'StartCallRecordingAPI', status: 'completed', startedAt: new Date(Date.now() - minutes * 60_000), pcm, channels: 2 });
  // Twilio serves a stored file: encode it now, not inside the first measured Play.
  const media = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.env.ACCOUNT_SID}/Recordings/${recording.sid}.mp3`, {
    headers: { Authorization: `Basic ${Buffer.from(`${sim.env.ACCOUNT_SID}:${sim.env.AUTH_TOKEN}`).toString('base64')}`, Range: 'bytes=0-0' },
  });
  if (media.status !== 206) throw new Error(`the long recording's media answered ${media.status}`);
  return recording.sid;
}

export async function measureRecording({ rounds, minutes = 30 }: RecordingOptions): Promise<Figure[]> {
  // Five sixths in: 25:00 of a 30-minute recording.
  const seekTo = minutes * 50;
  const [sim, browser] = await Promise.all([startSimulator({ env: { RECORD_CALLS: 'on-demand', RING_TIMEOUT: '15' } }), launchChromium()]);
  try {
    const long = await longRecording(sim, minutes);
    const teammate = async (identity: string): Promise<Page> => teammatePage(await newProfile(browser, sim.url), sim.url, identity, sim.passcodes[identity]);
    const [alice, phone] = await Promise.all([teammate('alice'), newProfile(browser, sim.url).then((p) => phonePage(p, sim.url, CALLER))]);
    const started: number[] = [];
    await repeatUntilSettled(rounds, async () => {
      await phoneAnsweredByAlice(phone, alice);
      const clicked = Date.now();
      await clickRecording(alice, 'Record');
      await recordingIndicator(alice).filter({ hasText: '● Recording' }).waitFor({ timeout: TIMEOUT_MS });
      started.push(Date.now() - clicked);
      await clickRecording(alice, 'Stop recording');
      await recordingIndicator(alice).waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
      await alice.getByRole('button', { name: 'Hang up' }).click();
      await phone.locator('#status[data-state="ready"]').waitFor({ timeout: TIMEOUT_MS });
      await idle(alice);
      return [started];
    });

    const play: number[] = [];
    const seek: number[] = [];
    const fetched: number[] = [];
    await repeatUntilSettled(rounds, async () => {
      const profile = await newProfile(browser, sim.url);
      await profile.addInitScript({ path: PROBES });
      try {
        const page = await openPage(profile, sim.url);
        const audio: Response[] = [];
        page.on('response', (response) => new URL(response.url()).pathname === '/recording' && audio.push(response));
        await signInReady(page, 'bob', sim.passcodes.bob);
        await page.locator(`[data-recording="${long}"]`).waitFor({ timeout: TIMEOUT_MS });
        const times = await page.evaluate<{ play: number; seek: number }>(`window.__benchProbes.playAndSeek('${long}', ${seekTo}, ${TIMEOUT_MS})`);
        play.push(times.play);
        seek.push(times.seek);
        // What the answers carried (each at most one range's worth), against the whole file.
        let bytes = 0;
        let whole = 0;
        for (const response of audio) {
          const headers = response.headers();
          bytes += Number(headers['content-length'] ?? 0);
          whole = Number(/\/(\d+)$/.exec(headers['content-range'] ?? '')?.[1] ?? headers['content-length']);
        }
        fetched.push((100 * bytes) / whole);
      } finally {
        await profile.close();
      }
      return [play, seek, fetched];
    });
    return [
      againstLimit('click Record → recording started', 'ms', summarize(started), '<', 1000, 'the Functions start it at Twilio and the page shows it'),
      againstLimit(`click Play → ${minutes}-minute recording playing`, 'ms', summarize(play), '<', 1000, 'includes the short-lived link'),
      againstLimit(`seek to ${Math.floor(seekTo / 60)}:${String(seekTo % 60).padStart(2, '0')} → playing there`, 'ms', summarize(seek), '<', 1000, 'a byte range of the same link'),
      againstLimit('audio fetched to play and seek, of the whole MP3', '%', summarize(fetched), '<', 50, 'by range: never the whole file'),
    ];
  } finally {
    await browser.close();
    await sim.stop();
  }
}

/**
 * Headless Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core,
 * with a fake microphone and no permission prompts (docs/voice-sdk-protocol.md), plus audio proof via getStats().
 */
import { chromium, type Browser, type Page } from 'playwright-core';

/** Launch flags that work as root in CI and keep Chromium off the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  // Loopback ICE candidates, so media to the simulator's endpoints stays on 127.0.0.1 (SIM_MEDIA_LOOPBACK).
  '--allow-loopback-in-peer-connection',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** Inbound audio of every live peer connection of the page: bytes, packets (one per 20 ms), and energy (non-zero only for audible sound). */
export function inboundAudio(page: Page): Promise<{ bytes: number; packets: number; energy: number }> {
  return page.evaluate(async () => {
    const peers = ((window as unknown as { __simPeers?: RTCPeerConnection[] }).__simPeers ?? []).filter((pc) => pc.connectionState !== 'closed');
    const total = { bytes: 0, packets: 0, energy: 0 };
    for (const pc of peers) {
      (await pc.getStats()).forEach((report: { type: string; kind?: string; mediaType?: string; bytesReceived?: number; packetsReceived?: number; totalAudioEnergy?: number }) => {
        if (report.type !== 'inbound-rtp' || (report.kind ?? report.mediaType) !== 'audio') return;
        total.bytes += report.bytesReceived ?? 0;
        total.packets += report.packetsReceived ?? 0;
        total.energy += report.totalAudioEnergy ?? 0;
      });
    }
    return total;
  });
}

/** Energy `page` receives over `ms` (grows with loudness × time; silence adds nothing). */
export async function heardOver(page: Page, ms: number): Promise<number> {
  const before = (await inboundAudio(page)).energy;
  await page.waitForTimeout(ms);
  return (await inboundAudio(page)).energy - before;
}

/** The fields of getStats reports read for ICE pairs: a transport's pair, a pair's candidates, a candidate's address. */
type PairReport = RTCStats & { selectedCandidatePairId?: string; localCandidateId?: string; remoteCandidateId?: string; address?: string; port?: number };

/** The local and remote candidate of each live peer connection's selected ICE pair. */
export function selectedCandidatePairs(page: Page): Promise<{ local: { address: string; port: number }; remote: { address: string; port: number } }[]> {
  return page.evaluate(async () => {
    const peers = ((window as unknown as { __simPeers?: RTCPeerConnection[] }).__simPeers ?? []).filter((pc) => pc.connectionState === 'connected');
    const pairs = [];
    for (const pc of peers) {
      const stats = new Map<string, PairReport>();
      (await pc.getStats()).forEach((report: PairReport) => stats.set(report.id, report));
      const transport = [...stats.values()].find((report) => report.type === 'transport' && report.selectedCandidatePairId);
      const pair = transport && stats.get(transport.selectedCandidatePairId!);
      if (!pair) continue;
      const candidate = (id: string) => ({ address: stats.get(id)!.address as string, port: stats.get(id)!.port as number });
      pairs.push({ local: candidate(pair.localCandidateId!), remote: candidate(pair.remoteCandidateId!) });
    }
    return pairs;
  });
}

/** Inbound audio bytes of every live peer connection of the page: they grow only while audio really arrives. */
export async function audioBytesReceived(page: Page): Promise<number> {
  return (await inboundAudio(page)).bytes;
}

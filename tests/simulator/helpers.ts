/** Shared by the simulator's protocol tests: tokens of the demo configuration and a few waits. */
import AccessToken from 'twilio/lib/jwt/AccessToken';
import { readConfig, type Config } from '../../src/lib/config/config';
import { createVoiceToken } from '../../src/lib/auth/voice-token';
import type { Simulator, SimCall } from '../../simulator';
import { until } from '../support/until';

export function configOf(sim: Simulator): Config {
  const { config } = readConfig(sim.env);
  if (!config) throw new Error('the simulator env is not a valid configuration');
  return config;
}

/** A real token for `identity`, as /token would mint it; `ttl` in seconds (negative: already expired). */
export function tokenFor(sim: Simulator, identity: string, ttl?: number): string {
  const config = configOf(sim);
  return createVoiceToken(ttl === undefined ? config : { ...config, tokenTtl: ttl }, identity).token;
}

/** A token signed correctly but with claims changed by `edit`. */
export function tokenWith(sim: Simulator, edit: (token: AccessToken) => void, secret = sim.env.API_SECRET): string {
  const token = new AccessToken(sim.env.ACCOUNT_SID, sim.env.API_KEY, secret, { identity: 'alice', ttl: 600 });
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: sim.env.TWIML_APP_SID }));
  edit(token);
  return token.toJwt();
}

/** Signs a header and claims as HS256 with `secret` (for tokens AccessToken cannot make). */
export { signHs256 as signJwt } from '../support/jwt';

/** Polls the call log until `predicate` holds for the call `sid` (the log settles right after frames). */
export async function settledCall(sim: Simulator, sid: string, predicate: (call: SimCall) => boolean = (c) => c.webhooks.some((w) => w.kind === 'status'), timeoutMs = 5000): Promise<SimCall> {
  const settled = () => sim.calls().find((c) => c.sid === sid && predicate(c));
  return until(settled, `call ${sid} to settle`, timeoutMs, 20).catch(() => {
    throw new Error(`call ${sid} did not settle: ${JSON.stringify(sim.calls().find((c) => c.sid === sid))?.slice(0, 2000)}`);
  });
}

/** A fake but well-formed SDP, so relaying can be checked byte for byte. */
export const sdp = (label: string) => `v=0\r\no=- ${label} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n`;

/**
 * An SDP the simulator's media plane made itself (docs/simulator-media.md): not the one a client sent, audio as
 * PCMU, Opus and telephone-event/8000 only, ICE candidates gathered in it, all on loopback in tests.
 */
export function expectSimulatorSdp(value: string, clientSdp: string): void {
  expect(value).not.toBe(clientSdp);
  expect(value).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 111 101\r$/m);
  expect(value).toMatch(/^a=rtpmap:111 opus\/48000\/2\r$/m);
  expect(value).toMatch(/^a=rtpmap:101 telephone-event\/8000\r$/m);
  const candidates = value.match(/^a=candidate:.*$/gm) ?? [];
  expect(candidates.length).toBeGreaterThan(0);
  for (const candidate of candidates) expect(candidate.split(' ')[4]).toBe('127.0.0.1');
}

/**
 * Sends an `invite` from `caller` to `to` and returns the new parent CallSid from the call log
 * (whatever frame the caller gets first: `ringing`, an `answer`, or a `hangup`); with `from`, the
 * new call from that number, so several callers may dial at once.
 */
export async function placeCall(sim: Simulator, caller: { send(type: string, payload: Record<string, unknown>): void }, to: string, from?: string): Promise<string> {
  const before = new Set(sim.calls().map((c) => c.sid));
  caller.send('invite', { callsid: `TJS${Math.random().toString(16).slice(2)}`, sdp: sdp('offer'), twilio: { params: new URLSearchParams({ To: to }).toString() } });
  const placed = () => sim.calls().find((c) => !before.has(c.sid) && (from === undefined || c.from === from));
  return (await until(placed, `a call to ${to} to be placed`, 5000, 20)).sid;
}

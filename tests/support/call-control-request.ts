/** `POST /call-control` as a teammate's page sends it: their access token as Bearer, a JSON body. */
import { randomBytes } from 'node:crypto';
import type { Simulator } from '../../simulator';
import { sdp, settledCall, tokenFor } from '../simulator/helpers';
import type { PStreamClient } from './pstream-client';
import type { Reply } from './reply';

/** Asks `/call-control` for `body` as `identity`; the answer's status and JSON body. */
export async function callControl(sim: Simulator, identity: string, body: Record<string, string>): Promise<{ status: number; body: Reply }> {
  const response = await fetch(`${sim.url}/call-control`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenFor(sim, identity)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Once every earlier call has ended: a new call from `phone` to the team that `alice` (alice's
 * device) answered, moved into its conference (`caller`, `alice`) by a hold and resume.
 */
export async function answeredInConference(sim: Simulator, phone: PStreamClient, alice: PStreamClient): Promise<{ caller: string; leg: string }> {
  for (const call of sim.calls()) await settledCall(sim, call.sid, (c) => c.endedAt !== undefined, 10_000);
  phone.send('invite', { callsid: `TJS${randomBytes(8).toString('hex')}`, sdp: sdp('phone'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
  const leg = (await alice.next('invite', () => true, 8000)).callsid;
  alice.send('answer', { callsid: leg, sdp: sdp('alice') });
  const caller = sim.calls().find((c) => c.legs.some((l) => l.sid === leg))!.sid;
  await settledCall(sim, caller, (c) => c.legs.some((l) => l.sid === leg && l.status === 'in-progress'));
  for (const action of ['hold', 'resume']) {
    const answer = await callControl(sim, 'alice', { action, callSid: leg });
    if (answer.status !== 200) throw new Error(`${action} answered ${answer.status}`);
  }
  return { caller, leg };
}

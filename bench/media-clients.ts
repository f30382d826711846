/**
 * The callers and callees of the media benchmark, in a process of their own (as browsers would
 * be): two werift endpoints per call that negotiate with the simulator's side over IPC, then send
 * a numbered 20 ms frame every tick and time each frame that comes back through the relay.
 */
import { FrameClock } from '../simulator/media/frame-clock';
import type { LegMedia } from '../simulator/media/leg-media';
import { MediaPlane } from '../simulator/media/media-plane';

/** Parent → child. */
export type ToClients = { type: 'offer'; call: number } | { type: 'answer-offer'; call: number; sdp: string } | { type: 'accept'; call: number; sdp: string } | { type: 'talk'; seconds: number };
/** Child → parent. */
export type FromClients =
  | { type: 'offer'; call: number; sdp: string }
  | { type: 'answer'; call: number; sdp: string }
  | { type: 'accepted'; call: number }
  | { type: 'result'; sent: number; received: number; delaysMs: number[] };

const now = () => performance.timeOrigin + performance.now();
const send = (message: FromClients) => process.send!(message);

async function main(): Promise<void> {
  const plane = await MediaPlane.start({ loopback: true });
  const callers = new Map<number, LegMedia>();
  const callees = new Map<number, LegMedia>();
  const handle = async (message: ToClients) => {
    if (message.type === 'offer') {
      const caller = plane.leg();
      callers.set(message.call, caller);
      send({ type: 'offer', call: message.call, sdp: await caller.endpoint.offer() });
    } else if (message.type === 'accept') {
      await callers.get(message.call)!.endpoint.accept(message.sdp);
      send({ type: 'accepted', call: message.call });
    } else if (message.type === 'answer-offer') {
      const callee = plane.leg();
      callees.set(message.call, callee);
      send({ type: 'answer', call: message.call, sdp: await callee.endpoint.answer(message.sdp) });
    } else {
      send({ type: 'result', ...(await talk([...callers.values(), ...callees.values()], message.seconds)) });
      plane.close();
      setTimeout(() => process.exit(0), 200);
    }
  };
  // A failure ends this process: the bench sees it die and says so, rather than waiting for an answer.
  process.on(
    'message',
    (message: ToClients) =>
      void handle(message).catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      }),
  );
}

/** Frames of the first second warm up the path (JIT, first SRTP contexts) and are not timed. */
const WARM_UP_MS = 1000;

/** Every endpoint sends numbered frames for `seconds`; each frame's trip through the relay is timed. */
async function talk(ends: LegMedia[], seconds: number) {
  const deadline = Date.now() + 10_000;
  while (ends.some((end) => !end.endpoint.connected) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const sentAt = new Map<number, number>();
  const delaysMs: number[] = [];
  let received = 0;
  let next = 0;
  const timedFrom = now() + WARM_UP_MS;
  for (const end of ends) {
    end.endpoint.onPacket(({ payload }) => {
      const at = sentAt.get(payload.readUInt32BE(0));
      if (at === undefined) return;
      received++;
      if (at >= timedFrom) delaysMs.push(now() - at);
    });
  }
  const clock = new FrameClock();
  const stop = clock.subscribe(() => {
    for (const end of ends) {
      const frame = Buffer.alloc(160, 0x7f);
      frame.writeUInt32BE(next, 0);
      sentAt.set(next++, now());
      end.endpoint.sendPayload(frame);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  stop();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { sent: next, received, delaysMs };
}

void main();

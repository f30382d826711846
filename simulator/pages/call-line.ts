/**
 * A call's line as the simulated phone follows it (`/__sim/line?call=CA…`): server-sent events
 * carrying what the line plays (each sound of the call log's `heard`, ended or playing now) and
 * whether the call was answered, sent whenever that changes, then an `end` event once it ended.
 */
import type { ServerResponse } from 'node:http';
import type { SimCall, SimHeard, SimLeg } from '../calls/call-log';

/** What the line of a call (or of one of its legs) plays, as the phone page shows it. */
export interface LineState {
  sid: string;
  status: string;
  /** True from the moment the call is answered (its first `<Say>` answers it, as Twilio bills it). */
  answered: boolean;
  ended: boolean;
  /** The latest sounds, oldest first: a long menu loop keeps the stream small. */
  heard: SimHeard[];
}

/** How often the stream looks for news: well within what a person notices against the audio. */
const POLL_MS = 100;
const SOUNDS = 50;

function lineOf(owner: { call: SimCall; leg?: SimLeg }): LineState {
  const side = owner.leg ?? owner.call;
  return { sid: side.sid, status: side.status, answered: side.answeredAt !== undefined, ended: side.endedAt !== undefined, heard: (side.heard ?? []).slice(-SOUNDS) };
}

/** Streams the line of `owner` (a call and, for a leg, that leg) to `response` until the call ends or the page goes. */
export function streamLine(owner: { call: SimCall; leg?: SimLeg }, response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
  let last = '';
  const push = () => {
    const state = lineOf(owner);
    const text = JSON.stringify(state);
    if (text !== last) response.write(`data: ${text}\n\n`);
    last = text;
    if (!state.ended) return;
    clearInterval(timer);
    response.end('event: end\ndata: {}\n\n');
  };
  const timer = setInterval(push, POLL_MS);
  response.on('close', () => clearInterval(timer));
  push();
}

/**
 * A call's recording, as the teammates on it see and steer it (README "Call recording"): one
 * dual-channel recording at a time, on the call's recorded leg (recorded-leg.ts), through
 * Twilio's Recordings API, read back from Twilio at every request (no state of ours but the
 * notes). Every change is told to each teammate on the call as a message on their call, so every
 * page shows the same indicator. Holding the caller pauses the recording (the held time is left
 * out, hold music never recorded) and taking them off hold resumes it, unless a teammate paused it
 * themselves: that pause is noted (recording-api.ts) and only a teammate's Resume lifts it.
 */
import type { ControlApi, LegRecord } from '../call-control/control-api';
import { ControlRefusal } from '../call-control/control-refusal';
import { conferenceName, CALLER_LABEL } from '../call-control/names';
import type { Config } from '../config/config';
import type { RecordingNews } from '../contract/call-messages';
import type { RecordingAction, RecordingState } from '../contract/recording';
import { clientIdentity } from '../runtime/event';
import { logEvent } from '../runtime/serverless';
import { webhookUrl } from '../runtime/webhook-signature';
import { RECORDING_STATUS_PATH } from '../voice/voicemail-twiml';
import type { LiveRecordingRecord, RecordingApi } from './recording-api';
import { recordedLeg, type CallSide } from './recorded-leg';

export interface RecordingContext {
  readonly control: ControlApi;
  readonly recordings: RecordingApi;
  readonly config: Pick<Config, 'recordCalls'>;
  /** DOMAIN_NAME: where Twilio posts the recording's status. */
  readonly domain: string;
}

/** Statuses of a recording still being made. */
const LIVE = new Set(['in-progress', 'paused']);

/** The note key that says a teammate paused the recording `sid` (lifted only by a teammate's Resume). */
const pausedKey = (sid: string) => `${sid}.paused`;

/** The live recording of `leg`, if any (newest first: the live one is the last started). */
async function liveRecording(context: RecordingContext, leg: LegRecord): Promise<LiveRecordingRecord | undefined> {
  return (await context.recordings.recordingsOf(leg.sid)).find((r) => LIVE.has(r.status));
}

/** Drops the notes kept beside recording `sid` (it was deleted). */
export async function forgetNotes(recordings: RecordingApi, sid: string): Promise<void> {
  await Promise.all([recordings.setNote(sid, undefined), recordings.setNote(pausedKey(sid), undefined)]);
}

/** The state the pages show for `live`. */
async function stateOf(context: RecordingContext, live: LiveRecordingRecord | undefined): Promise<RecordingState> {
  const at = Date.now();
  if (!live) return { status: 'off', at };
  const by = (await context.recordings.note(live.sid))?.by;
  return { status: live.status === 'paused' ? 'paused' : 'recording', ...(typeof by === 'string' ? { by } : {}), at };
}

/**
 * The legs of teammates on the call of `side` now: in the call's conference, every participant but
 * the caller; on a plain bridge, the teammates among the root leg and the legs it dialled.
 */
async function teammateLegs(context: RecordingContext, side: CallSide): Promise<string[]> {
  const { control } = context;
  const conference = await control.liveConference(conferenceName(side.root));
  if (conference) return (await control.participants(conference)).filter((p) => p.status === 'connected' && p.label !== CALLER_LABEL).map((p) => p.callSid);
  const root = side.root === side.leg.sid ? side.leg : await control.fetchCall(side.root);
  const legs = [...(root ? [root] : []), ...(await control.liveChildren(side.root))];
  return legs.filter((leg) => leg.status === 'in-progress' && (clientIdentity(leg.to) ?? (leg.parentCallSid ? undefined : clientIdentity(leg.from))) !== undefined).map((leg) => leg.sid);
}

/**
 * Tells every teammate on the call the recording's state (their pages show it), as a call message
 * (contract/call-messages.ts). Best effort, as for the parties: a leg that ended meanwhile is
 * logged, and the recording goes on.
 */
async function tell(context: RecordingContext, side: CallSide, state: RecordingState): Promise<void> {
  const news: RecordingNews = { kind: 'recording', ...state };
  const legs = await teammateLegs(context, side);
  await Promise.all(
    legs.map((sid) =>
      context.control.sendMessage(sid, news).catch((error: unknown) => logEvent('call-message-failed', { callSid: sid, error: error instanceof Error ? error.message : String(error) })),
    ),
  );
}

/** Starts a dual-channel recording of `leg`; `by` is the teammate who asked (none: RECORD_CALLS=always on answer). */
async function start(context: RecordingContext, leg: LegRecord, by?: string): Promise<void> {
  const sid = await context.recordings.startRecording(leg.sid, {
    recordingChannels: 'dual',
    recordingStatusCallback: webhookUrl(context.domain, RECORDING_STATUS_PATH),
    recordingStatusCallbackEvent: ['completed', 'absent'],
  });
  if (by) await context.recordings.setNote(sid, { by });
  logEvent('call-recording', { callSid: leg.sid, recordingSid: sid, action: 'start', by: by ?? 'on answer' });
}

/**
 * Runs a teammate's request on the recording of their call (`side`: their live leg, checked by
 * call-control's checkParty). Answers the recording's state afterwards; refuses (ControlRefusal)
 * what the line's RECORD_CALLS or the recording's state does not allow, changing nothing.
 */
export async function runRecording(context: RecordingContext, side: CallSide & { identity: string }, action: RecordingAction): Promise<RecordingState> {
  const mode = context.config.recordCalls;
  if (mode === 'off') {
    if (action === 'status') return { status: 'off', at: Date.now() };
    throw new ControlRefusal(409, 'SB_RECORDING_OFF');
  }
  if (action === 'stop' && mode === 'always') throw new ControlRefusal(409, 'SB_RECORDING_ALWAYS');
  const leg = await recordedLeg(context.control, side);
  if (!leg) throw new ControlRefusal(409, 'SB_CALL_ENDED');
  const live = await liveRecording(context, leg);
  if (action === 'status') return stateOf(context, live);
  // A pause of a recording the hold paused already is noted all the same: it stays paused after the hold.
  const fits = { start: !live, pause: !!live, resume: live?.status === 'paused', stop: !!live }[action];
  if (!fits) throw new ControlRefusal(409, 'SB_CALL_STATE');
  if (action === 'resume' && (await callerHeld(context, side))) throw new ControlRefusal(409, 'SB_CALL_STATE');
  if (action === 'start') await start(context, leg, side.identity);
  else if (action !== 'pause' || live!.status === 'in-progress') await context.recordings.setRecording(leg.sid, action === 'pause' ? 'paused' : action === 'resume' ? 'in-progress' : 'stopped');
  if (action === 'pause' || action === 'resume') await context.recordings.setNote(pausedKey(live!.sid), action === 'pause' ? { by: side.identity } : undefined);
  if (action !== 'start') logEvent('call-recording', { callSid: leg.sid, recordingSid: live!.sid, action, by: side.identity });
  const state = await stateOf(context, await liveRecording(context, leg));
  await tell(context, side, state);
  return state;
}

/** True while someone in the call's conference is on hold (the recording then stays paused). */
async function callerHeld(context: RecordingContext, side: CallSide): Promise<boolean> {
  const conference = await context.control.liveConference(conferenceName(side.root));
  return conference ? (await context.control.participants(conference)).some((p) => p.hold) : false;
}

/**
 * RECORD_CALLS=always: the answering party's whisper (/recording-notice) starts the call's
 * recording from its answer, unless one is already going (a transfer's target answering).
 */
export async function recordOnAnswer(context: RecordingContext, side: CallSide): Promise<void> {
  if (context.config.recordCalls !== 'always') return;
  const leg = await recordedLeg(context.control, side);
  if (!leg || (await liveRecording(context, leg))) return;
  await start(context, leg);
  await tell(context, side, { status: 'recording', at: Date.now() });
}

/** The caller of `side`'s call went on hold: an ongoing recording pauses, leaving the held time out. */
export async function pauseForHold(context: RecordingContext, side: CallSide): Promise<void> {
  const leg = await recordedLeg(context.control, side);
  const live = leg && (await liveRecording(context, leg));
  if (!leg || live?.status !== 'in-progress') return;
  await context.recordings.setRecording(leg.sid, 'paused');
  await tell(context, side, await stateOf(context, { ...live, status: 'paused' }));
}

/** The caller of `side`'s call came off hold: a recording the hold paused resumes (not one a teammate paused). */
export async function resumeAfterHold(context: RecordingContext, side: CallSide): Promise<void> {
  const leg = await recordedLeg(context.control, side);
  const live = leg && (await liveRecording(context, leg));
  if (!leg || live?.status !== 'paused' || (await context.recordings.note(pausedKey(live.sid)))) return;
  await context.recordings.setRecording(leg.sid, 'in-progress');
  await tell(context, side, await stateOf(context, { ...live, status: 'in-progress' }));
}

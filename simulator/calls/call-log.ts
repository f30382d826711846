/**
 * The call log (`GET /__sim/calls`): what happened on every call, in plain JSON, for tests and
 * for people debugging their TwiML. It is also the account's record of its calls that the REST
 * API's Calls resource reads, so it is kept in the state folder across restarts.
 */
import type { PersistentStore } from '../state/state-folder';
import type { WebhookParams, WebhookResult } from '../twiml/webhooks';

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
export type LegStatus = 'ringing' | 'in-progress' | 'completed' | 'canceled' | 'rejected' | 'no-answer' | 'failed';

/**
 * A leg's status as Twilio reports it (REST `status`, a status callback's `CallStatus`): a device
 * that declines is `busy`, the status `<Dial>` gives it too; one withdrawn (another answered, the
 * caller left) is `canceled`.
 */
export const TWILIO_LEG_STATUS: Readonly<Record<LegStatus, string>> = {
  ringing: 'ringing',
  'in-progress': 'in-progress',
  completed: 'completed',
  canceled: 'canceled',
  rejected: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
};

/** One webhook request and its answer. */
export interface SimWebhook {
  /** `status` is the call's own status callback, `leg-status` a dialled noun's (`<Client statusCallback>`). */
  kind: 'voice' | 'fallback' | 'action' | 'redirect' | 'status' | 'leg-status' | 'recording-status' | 'whisper' | 'conference-status';
  url: string;
  params: WebhookParams;
  /** HTTP status, 0 when no answer came. */
  status: number;
  /** The TwiML (or other body) that came back. */
  response: string;
  ms: number;
  error?: { code: number; message: string };
}

/** What a call went through besides its webhooks; notes (dial outcomes, skipped verbs, errors) have no `type`. */
export interface SimEvent {
  at: string;
  text: string;
  /** Twilio's error or warning code. */
  code?: number;
  type?: 'hold' | 'resume' | 'conference-join' | 'conference-leave' | 'participant-dialled' | 'conference-end' | 'recording-started' | 'recording-completed' | 'recording-absent' | 'message';
  /** The party it concerns (a leg, or another call in the same conference), when not the call itself. */
  callSid?: string;
  conferenceSid?: string;
  recordingSid?: string;
  /** Where to look at it: the REST resource on the simulator's own URL (Basic auth, as at Twilio). */
  url?: string;
}

/**
 * Something the line played to the caller, or a `<Record>` listening to them, with the time its
 * audio started and ended (no `endedAt` while it lasts): what the simulated phone shows as "now".
 */
export interface SimHeard {
  /** `gather`: a `<Gather>` waiting for keys after its prompts; `record`: a `<Record>` after its beep. */
  kind: 'say' | 'play' | 'pause' | 'beep' | 'gather' | 'record';
  /** The sentence of a `<Say>`, the URL (or `digits …`) of a `<Play>`, the length of a `<Pause>`. */
  text?: string;
  startedAt: string;
  endedAt?: string;
}

/** One leg the call rang: a device of a `<Client>` or the simulated phone of a `<Number>`. */
export interface SimLeg {
  sid: string;
  /** `client:alice` or `+14155550123`. */
  to: string;
  from: string;
  /** Which signed-in device (signaling connection) it rang. */
  deviceId: number;
  status: LegStatus;
  startedAt: string;
  answeredAt?: string;
  endedAt?: string;
  /** The leg that dialled this one when it is not the parent call: a redirected leg's own `<Dial>` (a grandchild of the call). */
  parentSid?: string;
  /** `<Say>`s of TwiML the leg ran itself (after a REST API redirect of the leg). */
  says?: string[];
  /** What the leg heard of TwiML it ran itself, as it played. */
  heard?: SimHeard[];
}

/** A call: the parent leg Twilio runs TwiML for, plus the legs it dialled. */
export interface SimCall {
  sid: string;
  from: string;
  to: string;
  /** `outbound-api` for calls the REST API created. */
  direction: 'inbound' | 'outbound-api';
  status: CallStatus;
  /** When the REST API queued the call (API-created calls only; others start when created). */
  createdAt?: string;
  startedAt: string;
  answeredAt?: string;
  endedAt?: string;
  /** Seconds between answer and end, as the status callback reports it. */
  duration?: number;
  legs: SimLeg[];
  /**
   * The devices an API-created call rang for its `To` (one entry each, all with the call's own
   * CallSid: they are not separate calls, so the REST API does not list them).
   */
  rang?: SimLeg[];
  /** The conference a Participants API create dialled this call into (a consultation, say). */
  conference?: { sid: string; friendlyName: string };
  webhooks: SimWebhook[];
  /** Every `<Say>`, in order: what the caller heard. */
  says: string[];
  /** What the caller heard, with when each sound started and ended. */
  heard?: SimHeard[];
  /** Notes and events: dial outcomes, skipped verbs, errors (12100 etc.), hold, conferences, recordings. */
  events: SimEvent[];
}

export const now = (): string => new Date().toISOString();

/** The call log's entry for one webhook the simulator posted. */
export function webhookEntry(kind: SimWebhook['kind'], result: WebhookResult): SimWebhook {
  return { kind, url: result.url, params: result.params, status: result.status, response: result.body, ms: result.ms, ...(result.error ? { error: result.error } : {}) };
}

/** Calls kept in the log; the oldest finished ones go first. */
export const MAX_LOGGED_CALLS = 500;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The latest time a record mentions: when a call the simulator stopped during last changed. */
function lastTime(call: SimCall): string {
  const times = [call.startedAt, call.answeredAt, ...call.events.map((e) => e.at), ...call.legs.flatMap((l) => [l.startedAt, l.answeredAt])];
  return (
    times
      .filter((t): t is string => typeof t === 'string')
      .sort()
      .at(-1) ?? now()
  );
}

/** Ends a restored call the simulator stopped during, as its stop would have (answered: completed, else canceled). */
function endInterrupted(call: SimCall): void {
  if (call.endedAt) return;
  const endedAt = lastTime(call);
  for (const leg of [...call.legs, ...(call.rang ?? [])]) {
    if (leg.endedAt) continue;
    Object.assign(leg, { status: leg.status === 'in-progress' ? 'completed' : 'canceled', endedAt });
  }
  const duration = call.answeredAt ? Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(call.answeredAt)) / 1000)) : 0;
  Object.assign(call, { status: call.answeredAt ? 'completed' : 'canceled', endedAt, duration });
  call.events.push({ at: endedAt, text: 'the simulator stopped during this call' });
}

/** Every call of the simulated account, oldest first. */
export class CallLog implements PersistentStore {
  readonly name = 'calls';
  readonly version = 1;
  private readonly records: SimCall[] = [];

  /** Adds a call (its record keeps changing as the call goes on), dropping the oldest finished ones beyond the log's size. */
  add(record: SimCall): void {
    this.records.push(record);
    while (this.records.length > MAX_LOGGED_CALLS && this.records[0].endedAt) this.records.shift();
  }

  /** A copy of the log, oldest first. */
  list(): SimCall[] {
    return structuredClone(this.records);
  }

  /** The live records, oldest first, to read at once and not keep (no copy: the REST API reads a few fields of each per request). */
  live(): readonly SimCall[] {
    return this.records;
  }

  /** The call with this CallSid, or the call that dialled the leg with it (the live record). */
  owner(sid: string): { call: SimCall; leg?: SimLeg } | undefined {
    for (const call of this.records) {
      if (call.sid === sid) return { call };
      const leg = call.legs.find((l) => l.sid === sid);
      if (leg) return { call, leg };
    }
    return undefined;
  }

  snapshot(): SimCall[] {
    return this.records;
  }

  restore(state: unknown): void {
    if (!Array.isArray(state)) throw new Error('the call log is not a list');
    for (const call of state) {
      if (
        !isRecord(call) ||
        typeof call.sid !== 'string' ||
        typeof call.startedAt !== 'string' ||
        !Array.isArray(call.legs) ||
        !Array.isArray(call.webhooks) ||
        !Array.isArray(call.says) ||
        !Array.isArray(call.events)
      ) {
        throw new Error('a call of the log lacks its sid, start, legs, webhooks, says or events');
      }
      const record = call as unknown as SimCall;
      endInterrupted(record);
      this.records.push(record);
    }
  }
}

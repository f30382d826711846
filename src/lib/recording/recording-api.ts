/**
 * The REST operations call recording needs, as a narrow interface (like call-control's
 * ControlApi): the Functions use `twilioRecordingApi` over `context.getTwilioClient()`.
 * - Recordings of a live call (Twilio's Recordings API on the call): list, start, and change
 *   the live one (`Twilio.CURRENT`).
 * - Notes Switchboard keeps beside a recording in the team's Sync Service (SYNC_SERVICE_SID,
 *   recording-notes.ts): who started it, and that a teammate paused it.
 */
import type { Twilio } from 'twilio';
import { unlessMissing } from '../records/rest-missing';

/** The fields of a call's Recording resource that recording reads. */
export interface LiveRecordingRecord {
  readonly sid: string;
  /** in-progress, paused, stopped, processing, completed, absent */
  readonly status: string;
}

/** What a recording is started with (README "Call recording"). */
export interface RecordingStart {
  /** `dual`: the call's party on one channel, what it hears on the other. */
  readonly recordingChannels: 'dual';
  readonly recordingStatusCallback: string;
  readonly recordingStatusCallbackEvent: string[];
}

export interface RecordingApi {
  /** The call's recordings, newest first. */
  recordingsOf(callSid: string): Promise<LiveRecordingRecord[]>;
  /** Starts recording the call; returns the new recording's SID. */
  startRecording(callSid: string, start: RecordingStart): Promise<string>;
  /** Pauses (without keeping the paused time), resumes or stops the call's live recording. */
  setRecording(callSid: string, status: 'paused' | 'in-progress' | 'stopped'): Promise<void>;
  /** The note kept under `key` in the team's Sync Service, undefined when there is none (or no Service). */
  note(key: string): Promise<Record<string, unknown> | undefined>;
  /** Keeps `data` under `key` (undefined removes it); nothing without a Sync Service. */
  setNote(key: string, data: Record<string, unknown> | undefined): Promise<void>;
}

/** The Sync Map holding the notes (one object: ~20 writes/s, far above what recording asks). */
export const NOTES_MAP = 'recordings';

/** `Twilio.CURRENT`: how the Recordings API names a call's live recording. */
const CURRENT = 'Twilio.CURRENT';

/** The interface over the `twilio` client `connect` makes when first needed. */
export function twilioRecordingApi(connect: () => Twilio, syncServiceSid: string | undefined): RecordingApi {
  let made: Twilio | undefined;
  const client = () => (made ??= connect());
  const items = () => client().sync.v1.services(syncServiceSid!).syncMaps(NOTES_MAP).syncMapItems;
  return {
    recordingsOf: async (callSid) => (await client().calls(callSid).recordings.list({ limit: 20 })).map((r) => ({ sid: r.sid, status: r.status })),
    startRecording: async (callSid, start) => (await client().calls(callSid).recordings.create(start)).sid,
    async setRecording(callSid, status) {
      await client()
        .calls(callSid)
        .recordings(CURRENT)
        .update(status === 'paused' ? { status, pauseBehavior: 'skip' } : { status });
    },
    async note(key) {
      if (!syncServiceSid) return undefined;
      return (await unlessMissing(items()(key).fetch()))?.data as Record<string, unknown> | undefined;
    },
    async setNote(key, data) {
      if (!syncServiceSid) return;
      if (!data) {
        await unlessMissing(items()(key).remove());
        return;
      }
      const written = await unlessMissing(items()(key).update({ data }));
      if (written) return;
      const created = await unlessMissing(items().create({ key, data }));
      if (created) return;
      // The Map itself does not exist yet: the first note makes it.
      await client().sync.v1.services(syncServiceSid).syncMaps.create({ uniqueName: NOTES_MAP });
      await items().create({ key, data });
    },
  };
}

/**
 * The voicemail Functions' work with the team's marks (voicemail-marks.ts): `GET /voicemail`
 * with each message as the asker sees it; `POST /voicemail-played` and `/voicemail-handled`,
 * which mark a message for the signed-in person (the identity is the session's, never a
 * parameter's) and move the team's voicemail tag so every page fetches the list again; and
 * `POST /voicemail-delete`, whose marks go with the message.
 */
import type { VoicemailDeleted, VoicemailList } from '../contract/voicemail';
import type { DataRequest } from '../endpoints/data-function';
import { param } from '../runtime/event';
import { errorAnswer, jsonAnswer, type HttpAnswer } from '../runtime/http-answer';
import { logEvent } from '../runtime/serverless';
import { deleteTeamRecording, findTeamRecording, type TeamRecording } from '../recording/team-recordings';
import { RECORDING_SID } from '../records/rest-records';
import { StoreFailure, storeFailureAnswer } from '../store/store-failure';
import type { TeamStore } from '../store/team-store';
import { markChanged } from '../team/change-markers';
import { voicemailOf, type MessageRecord } from './voicemail-box';
import { markDeleted, readMarks, withMarks, type MarkResult } from './voicemail-marks';
import { listVoicemails } from './voicemail-store';

/** `work`'s answer, or the page's 503 when the store fails (logged under `event`). */
async function withStore(event: string, identity: string, work: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    logEvent(event, { identity, ...error.toLog() });
    return storeFailureAnswer(error);
  }
}

/** `GET /voicemail`: the team's messages, each played or not by the asker, and handled by whom. */
export async function answerVoicemailList({ client, config, identity, store }: DataRequest): Promise<HttpAnswer> {
  const messages = await listVoicemails(client, config.callerId);
  if (!store) return jsonAnswer({ messages: messages.map((message) => withMarks(message, undefined, identity)), marks: false } satisfies VoicemailList);
  return withStore('voicemail-marks-unavailable', identity, async () => {
    const marks = await readMarks(store, messages);
    return jsonAnswer({ messages: messages.map((message) => withMarks(message, marks.get(message.id), identity)), marks: true } satisfies VoicemailList);
  });
}

/**
 * A mark on the message the request's `id` names: 400 for an id that is no recording SID, 503
 * without a store, 404 for anything that is not a team voicemail (checked at Twilio) or was
 * deleted meanwhile; otherwise `mark`'s result as `answer` makes it, and the tag moved if it changed.
 */
export async function answerMark<T>(
  { client, config, identity, params, store }: DataRequest,
  mark: (store: TeamStore, message: MessageRecord) => Promise<MarkResult<T>>,
  answer: (id: string, value: T) => object,
): Promise<HttpAnswer> {
  const id = param(params, 'id');
  if (!RECORDING_SID.test(id)) return errorAnswer(400, 'SB_BAD_REQUEST', {}, 'id must be the recording SID of a voicemail (RE followed by 32 hex digits)');
  if (!store) return storeFailureAnswer(new StoreFailure('not-configured'));
  const found = await findTeamRecording(client, config.callerId, id);
  if (found?.kind !== 'voicemail') return errorAnswer(404, 'SB_NOT_FOUND');
  return withStore('voicemail-mark-failed', identity, async () => {
    const result = await mark(store, voicemailOf(found.recording, found.call));
    if (result.changed) await markChanged(store, ['voicemail']);
    return result.value === undefined ? errorAnswer(404, 'SB_NOT_FOUND') : jsonAnswer(answer(id, result.value));
  });
}

/**
 * `POST /voicemail-delete`: deletes the team voicemail `id` at Twilio. With a store, the trace of
 * the deletion replaces its marks first (the history reads it), so a store that cannot write
 * refuses with 503 and nothing is deleted; without one, the call shows as missed afterwards.
 */
export async function answerVoicemailDelete({ client, config, identity, params, store }: DataRequest): Promise<HttpAnswer> {
  const id = param(params, 'id');
  return withStore('voicemail-delete-refused', identity, async () => {
    const trace = store && ((found: TeamRecording) => markDeleted(store, voicemailOf(found.recording, found.call), identity));
    if (!(await deleteTeamRecording(client, config.callerId, id, 'voicemail', trace))) return errorAnswer(404, 'SB_NOT_FOUND');
    await markChanged(store, ['voicemail', 'history']);
    return jsonAnswer({ deleted: id } satisfies VoicemailDeleted);
  });
}

/**
 * POST /call-recording — start, pause, resume or stop the recording of a call the teammate is a
 * live party of, or ask its state (src/lib/contract/recording.ts, README "Call recording").
 * Bearer session.
 */
import { dataFunction } from '../lib/endpoints/data-function';
import { answerRecording } from '../lib/recording/recording-endpoint';
import { recordingContext } from '../lib/recording/recording-context';

export const handler = dataFunction(({ client, config, domain, identity, params, contentType }) =>
  answerRecording(
    recordingContext(() => client, config, domain),
    identity,
    params,
    contentType,
  ),
);

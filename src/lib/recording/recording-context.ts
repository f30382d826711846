/** What a Function gives call recording: the REST interfaces over its client, the configuration, its domain. */
import type { Twilio } from 'twilio';
import type { ControlApi } from '../call-control/control-api';
import { twilioControlApi } from '../call-control/control-api';
import type { HoldFollowers } from '../call-control/hold-followers';
import type { Config } from '../config/config';
import { twilioRecordingApi } from './recording-api';
import { pauseForHold, resumeAfterHold, type RecordingContext } from './recording-control';
import { twilioClient, type FunctionContext } from '../runtime/serverless';

/** The recording context of a Function whose `twilio` client `connect` makes (when first needed). */
export function recordingContext(connect: () => Twilio, config: Pick<Config, 'recordCalls' | 'syncServiceSid'>, domain: string, control: ControlApi = twilioControlApi(connect)): RecordingContext {
  return { control, recordings: twilioRecordingApi(connect, config.syncServiceSid), config, domain };
}

/** What hold changes do to the call's recording; nothing (undefined) while RECORD_CALLS is off. */
export function recordingHoldFollowers(context: RecordingContext): HoldFollowers | undefined {
  if (context.config.recordCalls === 'off') return undefined;
  return { held: (side) => pauseForHold(context, side), unheld: (side) => resumeAfterHold(context, side) };
}

/** A webhook Function's hold followers (`api` is its ControlApi), over the account's client. */
export function webhookHoldFollowers(context: FunctionContext, config: Pick<Config, 'recordCalls' | 'syncServiceSid'>, api: ControlApi): HoldFollowers | undefined {
  return recordingHoldFollowers(recordingContext(() => twilioClient(context), config, context.DOMAIN_NAME, api));
}

/**
 * Who hears RECORDING_NOTICE (whenever RECORD_CALLS is not off): a phone calling the team, before
 * the team rings (a `<Say>` first); a phone answering a teammate's call, or a transfer, when it
 * answers; on a call between teammates, the one answering. The answering party hears it through
 * the `url` of each dialled `<Client>`/`<Number>` (/recording-notice, before the bridge). A
 * teammate answering a phone hears nothing: the caller heard it, and the page shows the recording.
 * No call is recorded unless its outside party heard the notice.
 */
import type { Config } from '../config/config';
import { CLIENT_PREFIX, param } from '../runtime/event';
import { webhookUrl } from '../runtime/webhook-signature';

/** The whisper Function of every dialled noun while recording is possible (a Function of its own). */
export const RECORDING_NOTICE_PATH = '/recording-notice';

/** What a call says about recording: a sentence before the dial, and the URL each answering party hears first. */
export interface Announcements {
  readonly notice?: string;
  readonly answerUrl?: string;
}

/**
 * The announcements of the configuration (none with RECORD_CALLS=off). With `domain`, the URL is
 * absolute: inline TwiML of a REST update has no document URL to resolve against.
 */
export function announcements(config: Pick<Config, 'recordCalls' | 'recordingNotice'>, domain?: string): Announcements {
  if (config.recordCalls === 'off') return {};
  return { notice: config.recordingNotice, answerUrl: domain ? webhookUrl(domain, RECORDING_NOTICE_PATH) : RECORDING_NOTICE_PATH };
}

/**
 * What the party answering a dialled leg hears first (its whisper's parameters: `To` is who
 * answered, `From` who called): the notice, unless it is a teammate answering a phone.
 */
export function answerNotice(config: Pick<Config, 'recordCalls' | 'recordingNotice'>, params: Record<string, unknown>): string | undefined {
  if (config.recordCalls === 'off') return undefined;
  const teammateAnswering = param(params, 'To').startsWith(CLIENT_PREFIX);
  const teammateCalling = param(params, 'From').startsWith(CLIENT_PREFIX);
  return teammateAnswering && !teammateCalling ? undefined : config.recordingNotice;
}

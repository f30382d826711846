/**
 * Runs TwiML documents for one call, verb by verb, as Twilio does: `<Dial action>` and
 * `<Redirect>` replace the document with the one their URL returns; the end of a document hangs up.
 */
import type { GatherResult } from '../calls/call-audio';
import type { DialOutcome } from '../calls/dial';
import { UNSIMULATED_VERBS, type TwimlNode } from './twiml-document';
import type { WebhookParams } from './webhooks';

/** A parsed document and the URL it came from (relative URLs in it resolve against that). */
export interface TwimlDocument {
  url: string;
  verbs: TwimlNode[];
}

/** How the call ended, as far as its TwiML is concerned. */
export type TwimlEnd = { by: 'hangup' | 'end-of-document' | 'caller' | 'failure' } | { by: 'reject'; reason: 'busy' | 'rejected' };

/** What the executor needs from the call it runs. */
export interface CallControl {
  readonly ended: boolean;
  /** `<Gather>` and `<Record>` answer the call first. */
  answer(): Promise<void>;
  /** `<Say>`, `<Play>`, `<Pause>` count as answering, and play as early media until the caller is answered. */
  earlyMedia(): Promise<void>;
  say(verb: TwimlNode): Promise<void>;
  /** `<Play>` of `url` (undefined: not a URL) or of its `digits`. */
  play(verb: TwimlNode, url: string | undefined): Promise<void>;
  pause(verb: TwimlNode): Promise<void>;
  gather(verb: TwimlNode, resolve: (url: string) => string | undefined): Promise<GatherResult>;
  /** Records the caller; the action parameters of the stored recording, undefined when nothing was said. */
  recordMessage(verb: TwimlNode, resolve: (url: string) => string | undefined): Promise<WebhookParams | undefined>;
  note(text: string, code?: number): void;
  dial(verb: TwimlNode, resolve: (url: string) => string | undefined): Promise<DialOutcome>;
  /** Fetches the next document; undefined when it (and the fallback) failed. */
  fetch(kind: 'action' | 'redirect', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined>;
}

/** Documents one call may go through: a loop of Redirects must end somewhere. */
const MAX_DOCUMENTS = 50;

/** `url` relative to the document it appears in; undefined for nonsense. */
export function resolveUrl(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).toString();
  } catch {
    return undefined;
  }
}

function dialParams(outcome: DialOutcome): WebhookParams {
  const params: WebhookParams = { DialCallStatus: outcome.status, DialBridged: String(outcome.winner !== undefined) };
  if (outcome.winner) params.DialCallSid = outcome.winner.sid;
  if (outcome.duration !== undefined) params.DialCallDuration = String(outcome.duration);
  return { ...params, ...outcome.recording };
}

/** Executes `first` and whatever documents it leads to, until the call ends. */
export async function executeTwiml(control: CallControl, first: TwimlDocument): Promise<TwimlEnd> {
  let document = first;
  for (let count = 1; ; count++) {
    let next: { kind: 'action' | 'redirect'; url: string; extra: WebhookParams } | undefined;
    for (const verb of document.verbs) {
      if (control.ended) return { by: 'caller' };
      const resolve = (url: string) => resolveUrl(url, document.url);
      // Where <Gather> and <Record> post when they name no action: the document's own URL.
      const actionOf = (node: TwimlNode) => (node.attrs.action ? resolve(node.attrs.action) : document.url);
      if (verb.name === 'Say') {
        await control.earlyMedia();
        await control.say(verb);
      } else if (verb.name === 'Play') {
        await control.earlyMedia();
        await control.play(verb, verb.text ? resolve(verb.text) : undefined);
      } else if (verb.name === 'Pause') {
        await control.earlyMedia();
        await control.pause(verb);
      } else if (verb.name === 'Gather') {
        await control.answer();
        const { digits } = await control.gather(verb, resolve);
        const action = actionOf(verb);
        if (action && (digits !== '' || verb.attrs.actionOnEmptyResult === 'true')) {
          next = { kind: 'action', url: action, extra: { Digits: digits } };
          break;
        }
      } else if (verb.name === 'Record') {
        await control.answer();
        const recorded = await control.recordMessage(verb, resolve);
        const action = actionOf(verb);
        if (recorded && action) {
          next = { kind: 'action', url: action, extra: recorded };
          break;
        }
      } else if (verb.name === 'Hangup') {
        return { by: 'hangup' };
      } else if (verb.name === 'Reject') {
        return { by: 'reject', reason: verb.attrs.reason === 'busy' ? 'busy' : 'rejected' };
      } else if (verb.name === 'Redirect') {
        const url = resolveUrl(verb.text, document.url);
        if (!url) {
          control.note(`<Redirect> to an invalid URL "${verb.text.slice(0, 100)}"`, 11200);
          return { by: 'failure' };
        }
        next = { kind: 'redirect', url, extra: {} };
        break;
      } else if (verb.name === 'Dial') {
        const outcome = await control.dial(verb, resolve);
        const action = verb.attrs.action ? resolveUrl(verb.attrs.action, document.url) : undefined;
        // Twilio requests the action even after the caller hung up, and ignores its answer then.
        if (action) {
          next = { kind: 'action', url: action, extra: dialParams(outcome) };
          break;
        }
      } else if (UNSIMULATED_VERBS.has(verb.name)) {
        control.note(`<${verb.name}> is not simulated; skipped`);
      }
    }
    if (!next) return control.ended ? { by: 'caller' } : { by: 'end-of-document' };
    if (count >= MAX_DOCUMENTS) {
      control.note(`more than ${MAX_DOCUMENTS} TwiML documents in one call; hanging up`);
      return { by: 'failure' };
    }
    const fetched = await control.fetch(next.kind, next.url, next.extra);
    if (control.ended) return { by: 'caller' };
    if (!fetched) return { by: 'failure' };
    document = fetched;
  }
}

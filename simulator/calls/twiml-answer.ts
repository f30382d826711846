/**
 * Turning what a webhook or a REST API update returned into a TwiML document to run, the same way
 * for every kind of leg: a failed request or a refused document is noted with Twilio's code, and
 * a document that runs is still noted for each schema warning (12200), as Twilio's debugger does.
 */
import type { RedirectSource } from './interruptible-control';
import { parseTwiml } from '../twiml/twiml-document';
import type { TwimlDocument } from '../twiml/twiml-executor';
import type { WebhookResult } from '../twiml/webhooks';

type Note = (text: string, code?: number) => void;

/** The document to run, or the error that stops it (11200/11205/11210, 12100, 11750). */
export type TwimlAnswer = { document: TwimlDocument } | { error: { code: number; message: string } };

/** Parses `xml` (from `where`) into a document whose relative URLs resolve against `url`. */
function readTwiml(xml: string, url: string, where: string, note: Note): TwimlAnswer {
  const parsed = parseTwiml(xml);
  if (!parsed.ok) {
    note(`${where}: ${parsed.message}`, parsed.code);
    return { error: { code: parsed.code, message: parsed.message } };
  }
  for (const warning of parsed.warnings) note(`Schema validation warning: ${warning}`, 12200);
  return { document: { url, verbs: parsed.verbs } };
}

/** Reads a webhook's answer as TwiML; notes why there is none, or the document's schema warnings. */
export function twimlAnswer(result: WebhookResult, note: Note): TwimlAnswer {
  if (!result.error) return readTwiml(result.text, result.url, result.url, note);
  note(`${result.url}: ${result.error.message}`, result.error.code);
  return { error: result.error };
}

/**
 * The document a REST API update names: its `Url` fetched as a redirect, or its inline `Twiml`,
 * whose relative URLs resolve against `base`. Undefined (noted) when there is none to run.
 */
export async function redirectDocument(source: RedirectSource, base: string, fetchRedirect: (url: string) => Promise<TwimlDocument | undefined>, note: Note): Promise<TwimlDocument | undefined> {
  if ('url' in source) return fetchRedirect(source.url);
  const answer = readTwiml(source.twiml, base, 'Twiml of the REST API update', note);
  return 'document' in answer ? answer.document : undefined;
}

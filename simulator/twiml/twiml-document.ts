/**
 * Parses TwiML with a real XML parser into a small tree and checks it the way Twilio does before
 * running it: a document that is not well-formed XML is error 12100, one larger than 64 KB 11750,
 * one whose root is not `<Response>` 12102 (the call goes to its fallback); what Twilio's schema
 * does not know (a verb, a noun, an attribute) is warning 12200, and the document runs without it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface TwimlNode {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: TwimlNode[];
  /** The element's own text, trimmed. */
  text: string;
}

/** A document Twilio refuses: 12100 unparseable, 12102 not a `<Response>`, 11750 larger than 64 KB. */
export type ParsedTwiml = { ok: true; verbs: TwimlNode[]; warnings: string[] } | { ok: false; code: 12100 | 12102 | 11750; message: string };

/** Verbs the simulator runs. */
export const SIMULATED_VERBS = new Set(['Say', 'Play', 'Gather', 'Record', 'Dial', 'Hangup', 'Pause', 'Reject', 'Redirect']);
/** Real Twilio verbs the simulator has no media for: logged and skipped, not errors. */
export const UNSIMULATED_VERBS = new Set(['Enqueue', 'Leave', 'Connect', 'Refer', 'Pay', 'Prompt', 'Start', 'Stop', 'Sms', 'Echo', 'Queue']);

/** TwiML larger than this is refused (Twilio's own limit is 64 KB). */
const MAX_TWIML_BYTES = 64 * 1024;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type OrderedNode = Record<string, unknown>;

function toNode(raw: OrderedNode): TwimlNode | undefined {
  const name = Object.keys(raw).find((key) => key !== ':@');
  if (!name || name === '#text' || name.startsWith('?')) return undefined;
  const content = Array.isArray(raw[name]) ? (raw[name] as OrderedNode[]) : [];
  const attrs = (raw[':@'] ?? {}) as Record<string, string>;
  const text = content
    .map((part) => (typeof part['#text'] === 'string' ? part['#text'] : ''))
    .join('')
    .trim();
  const children = content.map(toNode).filter((node): node is TwimlNode => node !== undefined);
  return { name, attrs, children, text };
}

/** Parses and checks a TwiML document. */
export function parseTwiml(xml: string): ParsedTwiml {
  const fail = (message: string): ParsedTwiml => ({ ok: false, code: 12100, message: `Document parse failure: ${message}` });
  if (Buffer.byteLength(xml) > MAX_TWIML_BYTES) return { ok: false, code: 11750, message: 'TwiML response body too large: larger than 64 KB' };
  // Entity declarations can expand without bound; TwiML never needs a DOCTYPE.
  if (/<!DOCTYPE/i.test(xml)) return fail('DOCTYPE is not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return fail(`${valid.err.msg} (line ${valid.err.line})`);
  let roots: TwimlNode[];
  try {
    roots = (parser.parse(xml) as OrderedNode[]).map(toNode).filter((node): node is TwimlNode => node !== undefined);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (roots.length !== 1) return fail('a document has one root element');
  if (roots[0].name !== 'Response') return { ok: false, code: 12102, message: 'The root element must be Response' };
  const verbs = roots[0].children;
  const known = verbs.filter((verb) => SIMULATED_VERBS.has(verb.name) || UNSIMULATED_VERBS.has(verb.name));
  const unknown = verbs.filter((verb) => !known.includes(verb)).map((verb) => `<${verb.name.slice(0, 40)}> is not a TwiML verb; skipped`);
  return { ok: true, verbs: known, warnings: [...unknown, ...schemaWarnings(known)] };
}

/** Attributes Twilio's schema knows for each verb the simulator runs (others get warning 12200). */
const KNOWN_ATTRIBUTES: Record<string, string[]> = {
  Say: ['voice', 'language', 'loop'],
  Play: ['loop', 'digits'],
  Pause: ['length'],
  Gather: [
    'input',
    'action',
    'method',
    'timeout',
    'numDigits',
    'finishOnKey',
    'actionOnEmptyResult',
    'speechTimeout',
    'speechModel',
    'language',
    'hints',
    'profanityFilter',
    'partialResultCallback',
    'partialResultCallbackMethod',
    'enhanced',
    'bargeIn',
    'debug',
    'dtmfDetection',
  ],
  Record: [
    'action',
    'method',
    'timeout',
    'finishOnKey',
    'maxLength',
    'playBeep',
    'trim',
    'recordingStatusCallback',
    'recordingStatusCallbackMethod',
    'recordingStatusCallbackEvent',
    'transcribe',
    'transcribeCallback',
    'storageUrl',
    'storageUrlMethod',
  ],
  Dial: [
    'action',
    'method',
    'timeout',
    'callerId',
    'answerOnBridge',
    'hangupOnStar',
    'timeLimit',
    'record',
    'recordingStatusCallback',
    'recordingStatusCallbackMethod',
    'recordingStatusCallbackEvent',
    'recordingTrack',
    'trim',
    'ringTone',
    'referUrl',
    'referMethod',
    'sequential',
    'events',
  ],
  Hangup: [],
  Reject: ['reason'],
  Redirect: ['method'],
};

/** Twilio's 12200 schema warnings: attributes a verb does not have. The verbs still run. */
function schemaWarnings(verbs: TwimlNode[]): string[] {
  const warnings: string[] = [];
  for (const verb of verbs) {
    const known = KNOWN_ATTRIBUTES[verb.name];
    if (!known) continue;
    for (const name of Object.keys(verb.attrs)) if (!known.includes(name)) warnings.push(`<${verb.name}> has no attribute "${name.slice(0, 40)}"`);
  }
  return warnings;
}

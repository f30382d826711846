/**
 * Parses TwiML with a real XML parser into a small tree and checks it the way Twilio does before
 * running it: well-formed XML, a `<Response>` root, known verbs. Anything else is error 12100.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface TwimlNode {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: TwimlNode[];
  /** The element's own text, trimmed. */
  text: string;
}

export type ParsedTwiml = { ok: true; verbs: TwimlNode[] } | { ok: false; code: 12100; message: string };

/** Verbs the simulator runs. */
export const SIMULATED_VERBS = new Set(['Say', 'Dial', 'Hangup', 'Pause', 'Reject', 'Redirect']);
/** Real Twilio verbs the simulator has no media for: logged and skipped, not errors. */
export const UNSIMULATED_VERBS = new Set(['Play', 'Gather', 'Record', 'Enqueue', 'Leave', 'Connect', 'Refer', 'Pay', 'Prompt', 'Start', 'Stop', 'Sms', 'Echo', 'Queue']);

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
  const text = content.map((part) => (typeof part['#text'] === 'string' ? part['#text'] : '')).join('').trim();
  const children = content.map(toNode).filter((node): node is TwimlNode => node !== undefined);
  return { name, attrs, children, text };
}

/** Parses and checks a TwiML document. */
export function parseTwiml(xml: string): ParsedTwiml {
  const fail = (message: string): ParsedTwiml => ({ ok: false, code: 12100, message: `Document parse failure: ${message}` });
  if (Buffer.byteLength(xml) > MAX_TWIML_BYTES) return fail('larger than 64 KB');
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
  if (roots.length !== 1 || roots[0].name !== 'Response') return fail('the root element must be <Response>');
  const unknown = roots[0].children.find((verb) => !SIMULATED_VERBS.has(verb.name) && !UNSIMULATED_VERBS.has(verb.name));
  if (unknown) return fail(`<${unknown.name}> is not a TwiML verb`);
  return { ok: true, verbs: roots[0].children };
}

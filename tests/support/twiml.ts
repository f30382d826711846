import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A TwiML element as a plain tree: name, attributes, text and child elements. */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false });

/** fast-xml-parser's ordered output: an element is `{ [name]: children, ':@': attributes }`, text is `{ '#text': text }`. */
type OrderedEntry = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(entry: OrderedEntry): TwimlNode | undefined {
  const name = Object.keys(entry).find((key) => key !== ':@' && key !== '#text');
  if (!name || name === '?xml') return undefined;
  const items = entry[name] as OrderedEntry[];
  return {
    name,
    attrs: { ...(entry[':@'] ?? {}) },
    text: items
      .filter((item) => '#text' in item)
      .map((item) => String(item['#text']))
      .join(''),
    children: items.map(toNode).filter((node): node is TwimlNode => node !== undefined),
  };
}

/** Parses a TwiML document with a real XML parser; throws unless it is well-formed with a <Response> root. */
export function parseTwiml(xml: string): TwimlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`Not well-formed XML: ${valid.err.msg}\n${xml}`);
  const root = (parser.parse(xml) as OrderedEntry[]).map(toNode).find(Boolean);
  if (root?.name !== 'Response') throw new Error(`TwiML root is ${root?.name}, not Response:\n${xml}`);
  return root;
}

/** Every element below `node` (depth first), for "find the <Number>" style assertions. */
export function descendants(node: TwimlNode): TwimlNode[] {
  return node.children.flatMap((child) => [child, ...descendants(child)]);
}

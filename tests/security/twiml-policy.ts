import { nanpRefusal } from '../support/numbering-plan';
import { descendants, parseTwiml, type TwimlNode } from '../support/twiml';

/** A dialled leg's attributes: its status callbacks (presence) and the notice its answerer hears (recording). */
const LEG_ATTRS = ['statusCallback', 'statusCallbackMethod', 'statusCallbackEvent', 'url'];

/**
 * The TwiML vocabulary Switchboard emits: each element's allowed attributes and children. Anything
 * else in a reply — above all an element that came from a caller's string — is an injection.
 */
const VOCABULARY: Readonly<Record<string, { attrs: readonly string[]; children: readonly string[]; text: boolean }>> = {
  Response: { attrs: [], children: ['Dial', 'Say', 'Record', 'Hangup'], text: false },
  Dial: { attrs: ['answerOnBridge', 'callerId', 'timeout', 'action'], children: ['Client', 'Number'], text: false },
  Client: { attrs: LEG_ATTRS, children: ['Identity', 'Parameter'], text: true },
  Identity: { attrs: [], children: [], text: true },
  Parameter: { attrs: ['name', 'value'], children: [], text: false },
  Number: { attrs: LEG_ATTRS, children: [], text: true },
  Say: { attrs: [], children: [], text: true },
  Hangup: { attrs: [], children: [], text: false },
  Record: {
    attrs: ['action', 'method', 'maxLength', 'playBeep', 'finishOnKey', 'timeout', 'trim', 'recordingStatusCallback', 'recordingStatusCallbackMethod', 'recordingStatusCallbackEvent'],
    children: [],
    text: false,
  },
};

/** Where our `<Dial>`s and `<Record>`s report back: our own Functions, by path only. */
const DIAL_ACTIONS = ['/dial-complete', '/forward-complete'];
const RECORD_URLS = { action: '/voicemail-recorded', recordingStatusCallback: '/recording-status' } as const;

/** A character XML 1.0 cannot carry at all (escaped or not). */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** An `&` that does not start one of the five XML entities or a character reference. */
const BARE_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/** Our own sentences: plain words. A caller's text inside a `<Say>` would break this. */
const SENTENCE = /^[A-Za-z0-9 ,.'’-]+$/;

/** What the runtime under test was configured with; its ALLOWED_COUNTRIES must be US,CA. */
export interface Policy {
  /** Identities that may be rung (the team). */
  team: readonly string[];
  callerId: string;
}

/**
 * Checks a 200 webhook reply against everything a hostile request must not achieve, and returns
 * its elements (document order) for further checks. Throws with the reason and the document.
 */
export function checkTwiml(xml: string, policy: Policy): TwimlNode[] {
  const fail = (why: string): never => {
    throw new Error(`${why}\n${xml}`);
  };
  if (NOT_XML_CHAR.test(xml)) fail('TwiML carries a character XML 1.0 cannot hold');
  if (BARE_AMPERSAND.test(xml)) fail('TwiML has an & that is not an XML entity');
  if (/<!DOCTYPE|<!ENTITY|<!\[CDATA\[|<\?(?!xml )/i.test(xml)) fail('TwiML has a DOCTYPE, entity, CDATA or processing instruction');
  const root = parseTwiml(xml); // well-formed, one <Response> root, or it throws
  const elements = [root, ...descendants(root)];
  for (const element of elements) {
    const rule = VOCABULARY[element.name] ?? fail(`<${element.name}> is not an element we emit`);
    const strayAttr = Object.keys(element.attrs).find((attr) => !rule.attrs.includes(attr));
    if (strayAttr) fail(`<${element.name}> has an attribute we never emit: ${strayAttr}`);
    const strayChild = element.children.find((child) => !rule.children.includes(child.name));
    if (strayChild) fail(`<${strayChild.name}> inside <${element.name}>`);
    if (!rule.text && element.text.trim()) fail(`<${element.name}> has text`);
  }
  for (const element of elements) {
    if (element.name === 'Say' && !SENTENCE.test(element.text)) fail(`<Say> says something that is not one of our sentences: ${element.text}`);
    if (element.name === 'Dial') checkDial(element, policy, fail);
    if (element.name === 'Record') checkRecord(element, fail);
  }
  return elements;
}

function checkDial(dial: TwimlNode, policy: Policy, fail: (why: string) => never): void {
  if (dial.attrs.callerId !== undefined && dial.attrs.callerId !== policy.callerId) fail(`<Dial callerId> is not the team number`);
  if (dial.attrs.action !== undefined && !DIAL_ACTIONS.includes(dial.attrs.action)) fail('<Dial action> points elsewhere');
  if (dial.attrs.timeout !== undefined && !/^\d+$/.test(dial.attrs.timeout)) fail('<Dial timeout> is not a number');
  if (dial.children.length === 0) fail('<Dial> dials nobody');
  for (const callee of dial.children) {
    if (callee.name === 'Client') {
      const identity = callee.children.find((child) => child.name === 'Identity')?.text ?? callee.text;
      if (!policy.team.includes(identity)) fail(`<Client> rings "${identity}", who is not on the team`);
    } else {
      // Judged by the NANP itself, not by the library the policy uses (ALLOWED_COUNTRIES=US,CA).
      const refusal = nanpRefusal(callee.text);
      if (refusal) fail(`<Number> ${callee.text} must not be dialled: ${refusal}`);
    }
  }
}

function checkRecord(record: TwimlNode, fail: (why: string) => never): void {
  for (const [attr, url] of Object.entries(RECORD_URLS)) if (record.attrs[attr] !== url) fail(`<Record ${attr}> is not ${url}`);
  if (!/^\d+$/.test(record.attrs.maxLength ?? '')) fail('<Record maxLength> is not a number');
}

/**
 * Property-based hostile input against the real local runtime: thousands of generated requests to
 * every Function, signed and forged, with junk in every parameter and header. Whatever arrives,
 * nothing answers 5xx or leaks, forged webhooks get 403, every accepted webhook gets TwiML that
 * only uses our vocabulary and dials only what the policy allows, and only team members with the
 * right passcode get a token.
 */
import fc from 'fast-check';
import { connect } from 'node:net';
import { parse as parseForm } from 'node:querystring';
import { PASSCODES, basicAuth } from '../support/fixtures';
import { checkProperty } from '../support/property';
import { RefusalTally } from '../support/refusals';
import { verifyHs256 } from '../support/jwt';
import { assertHarmless, inParallel, oversizedHead, targetPerSuite } from './hostile-http';
import { anyValue, hostileHeaderValue, hostileText, identityLike, phoneLike } from './hostile-values';
import { checkTwiml, NOT_XML_CHAR } from './twiml-policy';

const TEAM = Object.keys(PASSCODES);
// /routing/ring-everyone-2: a routing step, built even without routing.json.
const WEBHOOKS = ['/voice', '/fallback', '/status', '/dial-complete', '/forward-complete', '/voicemail-recorded', '/recording-status', '/routing/ring-everyone-2', '/conference-status'] as const;
const BATCH = 8;
/** Batches per property: 1,100 × 8 webhook requests, 200 × 8 token requests, 40 × 8 raw requests. */
const RUNS = { webhooks: 1100, token: 200, raw: 40 };

/** Parameters Twilio sends to Voice webhooks (docs/voice-sdk-protocol.md), plus the lower-case `to` of the mobile SDKs. */
const TWILIO_PARAMS = [
  'AccountSid',
  'ApplicationSid',
  'ApiVersion',
  'CallSid',
  'CallStatus',
  'Direction',
  'Caller',
  'Called',
  'to',
  'CallerName',
  'FromCity',
  'FromState',
  'FromCountry',
  'FromZip',
  'ToCity',
  'ToState',
  'ToCountry',
  'CallerCountry',
  'DialCallSid',
  'DialCallDuration',
  'CallDuration',
  'Timestamp',
  'SequenceNumber',
  'ErrorCode',
  'ErrorUrl',
  'Digits',
  'ParentCallSid',
  'RecordingSid',
  'RecordingUrl',
  'RecordingDuration',
  'RecordingStatus',
  'RecordingSource',
  'RecordingStartTime',
  'ConferenceSid',
  'FriendlyName',
  'StatusCallbackEvent',
  'ParticipantLabel',
];

type Signing = 'valid' | 'none' | 'empty' | 'garbage' | 'wrong-token' | 'param-removed' | 'other-path' | 'other-port' | 'https';
type BodyKind = 'form' | 'json' | 'bad-json' | 'text' | 'none' | 'too-many';

interface WebhookCase {
  path: (typeof WEBHOOKS)[number];
  method: 'POST' | 'GET' | 'PUT';
  params: [string, string][];
  body: BodyKind;
  signing: Signing;
  garbage: string;
  headers: [string, string][];
}

const paramsArb: fc.Arbitrary<[string, string][]> = fc
  .record({
    from: fc.option(
      fc.oneof(
        identityLike.map((id) => `client:${id}`),
        phoneLike,
        anyValue,
      ),
      { nil: undefined },
    ),
    to: fc.option(
      fc.oneof(
        phoneLike,
        identityLike,
        identityLike.map((id) => `client:${id}`),
        anyValue,
      ),
      { nil: undefined },
    ),
    dialStatus: fc.option(fc.oneof(fc.constantFrom('completed', 'answered', 'canceled', 'busy', 'no-answer', 'failed'), anyValue), { nil: undefined }),
    known: fc.array(fc.tuple(fc.constantFrom(...TWILIO_PARAMS), anyValue), { maxLength: 6 }),
    unknown: fc.array(fc.tuple(fc.oneof(fc.constantFrom('request', '__proto__', 'constructor', 'From', 'To', 'a[b]', 'x.y', ''), hostileText), anyValue), { maxLength: 2 }),
  })
  .map(({ from, to, dialStatus, known, unknown }) => [
    ...(from === undefined ? [] : [['From', from] as [string, string]]),
    ...(to === undefined ? [] : [['To', to] as [string, string]]),
    ...(dialStatus === undefined ? [] : [['DialCallStatus', dialStatus] as [string, string]]),
    ...known,
    ...unknown,
  ]);

const headerNames = fc.oneof(
  fc.constantFrom(
    'Authorization',
    'Cookie',
    'User-Agent',
    'X-Requested-With',
    'X-Forwarded-Host',
    'X-Forwarded-Proto',
    'I-Twilio-Idempotency-Token',
    'X-Home-Region',
    'Accept',
    'Accept-Language',
    'X-Original-Url',
    'X-Http-Method-Override',
  ),
  fc.string({ unit: fc.constantFrom(...'abcxyz-_0129'), minLength: 1, maxLength: 12 }).map((name) => `X-${name}`),
);
const headersArb = fc.array(fc.tuple(headerNames, hostileHeaderValue), { maxLength: 4 });

const webhookCase: fc.Arbitrary<WebhookCase> = fc.record({
  // /voice, the URL every call starts at, three times as often as each other webhook.
  path: fc.oneof({ weight: 2, arbitrary: fc.constant<WebhookCase['path']>('/voice') }, { weight: WEBHOOKS.length, arbitrary: fc.constantFrom(...WEBHOOKS) }),
  method: fc.constantFrom<WebhookCase['method']>('POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'GET', 'PUT'),
  params: paramsArb,
  body: fc.constantFrom<BodyKind>('form', 'form', 'form', 'form', 'form', 'form', 'json', 'json', 'bad-json', 'text', 'none', 'too-many'),
  signing: fc.constantFrom<Signing>('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'none', 'empty', 'garbage', 'wrong-token', 'param-removed', 'other-path', 'other-port', 'https'),
  garbage: hostileHeaderValue,
  headers: headersArb,
});

/** A parameter's first value as the Functions read it ('' when absent or not text). */
function firstText(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The `<Parameter>` values of the first `<Client>`, unescaped straight from the text in one pass
 * (independently of any XML library, so double or missing escaping shows).
 */
function parameterValues(xml: string): Record<string, string> {
  const client = /<Client(?: [^>]*)?>(.*?)<\/Client>/s.exec(xml)?.[1] ?? '';
  const unescape = (text: string) =>
    text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) =>
      entity.startsWith('#x') ? String.fromCodePoint(parseInt(entity.slice(2), 16)) : entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : ENTITIES[entity],
    );
  return Object.fromEntries([...client.matchAll(/<Parameter name="([^"]*)" value="([^"]*)"\/>/g)].map(([, name, value]) => [unescape(name), unescape(value)]));
}

/** The body to send, its content type, and the parameters the runtime will hand the Function. */
function encodeBody(c: WebhookCase): { body?: string; type?: string; params: Record<string, unknown> } {
  switch (c.body) {
    case 'form':
    case 'too-many': {
      const entries = c.body === 'form' ? c.params : Array.from({ length: 1200 }, (_, i): [string, string] => [`p${i}`, String(i)]);
      const body = new URLSearchParams(entries).toString();
      // Parse it as the runtime does (body-parser urlencoded, extended: false = querystring). The
      // JSON round trip makes its arrays this realm's: twilio's signer tests `instanceof Array`,
      // and jest runs tests in a realm of their own.
      return { body, type: 'application/x-www-form-urlencoded; charset=utf-8', params: JSON.parse(JSON.stringify(parseForm(body))) };
    }
    case 'json': {
      const body = JSON.stringify(Object.fromEntries(c.params.map(([key, value], i) => [key, i % 3 === 2 ? { nested: [value, i] } : value])));
      return { body, type: 'application/json', params: JSON.parse(body) };
    }
    case 'bad-json':
      return { body: `{"From": ${JSON.stringify(c.params[0]?.[1] ?? '')}`, type: 'application/json', params: {} };
    case 'text':
      return { body: c.params.map(([key, value]) => `${key}=${value}`).join('\n'), type: 'text/plain', params: {} };
    case 'none':
      return { params: {} };
  }
}

describe('generated hostile requests', () => {
  const forged = new RefusalTally('forged webhooks');
  const strangers = new RefusalTally('token strangers');
  const suite = targetPerSuite('fuzz', () => `${forged.summary()}; ${strangers.summary()}`);
  const accepted = { status: 0, fallback: 0, recording: 0 };
  /** Elements of every accepted reply, by name: shows the generators reach every branch. */
  const emitted = new Map<string, number>();
  /** Inbound calls whose caller strings were compared with what teammates are shown. */
  let callersChecked = 0;

  const policy = () => ({ team: TEAM, callerId: suite.target.env.CALLER_ID });

  async function sendWebhook(c: WebhookCase): Promise<void> {
    const encoded = encodeBody(c);
    const hasBody = c.method !== 'GET' && encoded.body !== undefined;
    const params = hasBody ? encoded.params : {};
    const signedParams = Object.fromEntries(Object.entries(params).filter(([key]) => key !== 'request'));
    const other = WEBHOOKS.find((path) => path !== c.path)!;
    const signature: Record<Signing, () => string | undefined> = {
      valid: () => suite.target.sign(c.path, signedParams),
      none: () => undefined,
      empty: () => '',
      garbage: () => c.garbage,
      'wrong-token': () => suite.target.sign(c.path, signedParams, 'f'.repeat(32)),
      'param-removed': () => suite.target.sign(c.path, { ...signedParams, CallSid: 'CA-removed-by-the-attacker' }),
      'other-path': () => suite.target.sign(other, signedParams),
      'other-port': () => suite.target.sign(c.path, signedParams, undefined, `http://localhost:${suite.target.runtime.port + 1}`),
      https: () => suite.target.sign(c.path, signedParams, undefined, suite.target.url.replace('http:', 'https:')),
    };
    const headers = new Headers();
    for (const [name, value] of c.headers) headers.append(name, value);
    if (encoded.type) headers.set('Content-Type', encoded.type);
    const sig = signature[c.signing]();
    if (sig !== undefined) headers.set('X-Twilio-Signature', sig);
    const seen = await suite.target.send(c.path, { method: c.method, headers, body: hasBody ? encoded.body : undefined });
    if (seen.status === 431 && oversizedHead(c.path, headers)) return;

    // What must happen: the body parser refuses junk; only a valid signature over exactly these
    // parameters gets in (a `request` parameter replaces the runtime's own headers, so it cannot).
    const forgery = c.signing !== 'valid' || 'request' in params;
    const expected = c.body === 'bad-json' && hasBody ? 400 : c.body === 'too-many' && hasBody ? 413 : forgery ? 403 : 200;
    if (expected === 403) forged.record(`${c.signing} ${c.method} ${c.path}`, seen.status === 403, `${seen.status} ${seen.body.slice(0, 100)}`);
    if (seen.status !== expected) throw new Error(`${JSON.stringify(c).slice(0, 600)} → ${seen.status}, expected ${expected}: ${seen.body.slice(0, 300)}`);
    if (seen.status !== 200) return;
    expect(seen.headers.get('content-type')).toMatch(/^text\/xml/);
    const elements = checkTwiml(seen.body, policy());
    for (const element of elements) emitted.set(element.name, (emitted.get(element.name) ?? 0) + 1);
    // Only a current team member's browser may dial out (a token can outlive its place in TEAM).
    const from = firstText(params.From);
    if (c.path === '/voice' && from.startsWith('client:') && !TEAM.includes(from.slice('client:'.length))) {
      expect(elements.map((element) => element.name)).not.toContain('Dial');
    }
    if (c.path === '/voice' && !from.startsWith('client:')) {
      // A caller's own strings reach teammates intact: escaped, cut to 64, minus what XML cannot hold.
      const shown = (value: unknown) => firstText(value).slice(0, 64).replace(new RegExp(NOT_XML_CHAR, 'gu'), '');
      const sent = parameterValues(seen.body);
      expect(sent.callerNumber).toBe(shown(params.From) || 'unknown');
      expect(sent.callerName).toBe(shown(params.CallerName) || undefined);
      callersChecked++;
    }
    if (c.path === '/status') accepted.status++;
    if (c.path === '/fallback') accepted.fallback++;
    if (c.path === '/recording-status') accepted.recording++;
  }

  test('webhooks: forged → 403; signed → well-formed TwiML within policy; never 5xx', async () => {
    await checkProperty(
      'webhooks',
      fc.asyncProperty(fc.array(webhookCase, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await inParallel(
          batch.map((c) => () => sendWebhook(c)),
          BATCH,
        );
      }),
      { numRuns: RUNS.webhooks },
    );
    // Nothing ran for a refused request: one log line per accepted request, no more.
    await suite.target.flushLogs();
    const logged = (event: string) => suite.target.runtime.output.filter((line) => line.includes(`"event":"${event}"`)).length;
    expect(logged('call-status')).toBe(accepted.status + 1); // + the barrier
    expect(logged('voice-fallback')).toBe(accepted.fallback);
    expect(logged('recording-status')).toBe(accepted.recording);
    forged.assertAllRefused();
    console.log(`TwiML elements emitted: ${[...emitted].map(([name, n]) => `${name} ${n}`).join(', ')}; caller strings compared on ${callersChecked} inbound calls`);
    expect(callersChecked).toBeGreaterThan(100);
    for (const name of ['Number', 'Client', 'Parameter', 'Say', 'Record', 'Hangup']) expect(emitted.get(name)).toBeGreaterThan(10);
  }, 150_000);

  interface TokenCase {
    method: 'GET' | 'POST' | 'HEAD' | 'DELETE';
    authorization: { kind: 'none' } | { kind: 'raw'; value: string } | { kind: 'credentials'; identity: string; passcode: string };
    platform?: string;
    query: [string, string][];
    requestedWith?: string;
    headers: [string, string][];
  }

  const credentials = fc.oneof(
    fc.record({ identity: identityLike, passcode: fc.oneof(fc.constantFrom(...Object.values(PASSCODES)), hostileText) }),
    fc.constantFrom(...Object.entries(PASSCODES)).map(([identity, passcode]) => ({ identity, passcode })),
  );
  const tokenCase: fc.Arbitrary<TokenCase> = fc.record(
    {
      method: fc.constantFrom<TokenCase['method']>('GET', 'GET', 'GET', 'GET', 'GET', 'POST', 'HEAD', 'DELETE'),
      authorization: fc.oneof(
        { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
        { weight: 3, arbitrary: hostileHeaderValue.map((value) => ({ kind: 'raw' as const, value })) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.constantFrom('Basic ', 'basic ', 'Bearer ', 'Digest ', 'Basic  ', 'Basic\t', ''), fc.oneof(fc.base64String({ maxLength: 40 }), hostileHeaderValue))
            .map(([scheme, rest]) => ({ kind: 'raw' as const, value: scheme + rest })),
        },
        { weight: 2, arbitrary: credentials.map((c) => ({ kind: 'credentials' as const, ...c })) },
      ),
      platform: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('ios', 'android', '') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('web', 'IOS', 'ios '), hostileText) }),
      // Not `platform` or `request` (they are the checked parameter and the runtime's own), no
      // brackets (the runtime's query parser nests `a[b]`, which the oracle here would not model).
      query: fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('identity', 'passcode', 'token', 'ttl'),
            hostileText.filter((key) => !/^(platform|request)|[[\]]/.test(key)),
          ),
          anyValue,
        ),
        { maxLength: 2 },
      ),
      requestedWith: fc.oneof(fc.constant('XMLHttpRequest'), hostileHeaderValue),
      headers: headersArb.map((headers) => headers.filter(([name]) => !/^(authorization|x-requested-with)$/i.test(name))),
    },
    { requiredKeys: ['method', 'authorization', 'query', 'headers'] },
  );

  /** Attempts with a well-formed Basic header: each costs one scrypt on purpose. */
  let wellFormed = 0;

  async function sendToken(c: TokenCase): Promise<void> {
    const query = new URLSearchParams(c.query);
    if (c.platform !== undefined) query.set('platform', c.platform);
    const headers = new Headers();
    for (const [name, value] of c.headers) headers.append(name, value);
    const auth = c.authorization;
    const authorization = auth.kind === 'raw' ? auth.value : auth.kind === 'credentials' ? basicAuth(auth.identity, auth.passcode) : undefined;
    if (authorization !== undefined) headers.set('Authorization', authorization);
    if (c.requestedWith !== undefined) headers.set('X-Requested-With', c.requestedWith);
    const seen = await suite.target.send(`/token?${query}`, { method: c.method, headers });

    const member = auth.kind === 'credentials' && (PASSCODES as Record<string, string>)[auth.identity] === auth.passcode && TEAM.includes(auth.identity);
    const platform = query.get('platform') ?? '';
    if (seen.status === 431 && oversizedHead(`/token?${query}`, headers)) return;
    const expected = platform && !['ios', 'android'].includes(platform) ? 400 : member ? 200 : 401;
    if (!member)
      strangers.record(
        `${c.method} /token ${JSON.stringify(c.authorization).slice(0, 200)}`,
        seen.status >= 400 && seen.status < 500 && !seen.body.includes('"token"'),
        `${seen.status} ${seen.body.slice(0, 100)}`,
      );
    if (auth.kind === 'credentials') wellFormed++;
    if (seen.status !== expected) throw new Error(`/token ${JSON.stringify(c).slice(0, 400)} → ${seen.status}, expected ${expected}: ${seen.body.slice(0, 300)}`);
    if (c.method === 'HEAD') return;
    const reply = JSON.parse(seen.body);
    if (expected === 200) {
      const { payload } = verifyHs256(reply.token, suite.target.env.API_SECRET);
      expect(payload.grants.identity).toBe((auth as { identity: string }).identity);
      expect(reply.identity).toBe(payload.grants.identity);
    } else {
      expect(reply.token).toBeUndefined();
      expect(typeof reply.error.message).toBe('string');
    }
    if (expected === 401) {
      // fetch strips only HTTP whitespace (space, tab) from a header value; String.trim would
      // also strip U+00A0, which is sent and so marks the request as the page's own.
      const sent = (text: string | undefined) => (text ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
      // A Bearer attempt is a session renewal: its challenge is Bearer whoever asks (RFC 6750).
      const challenge = /^Bearer(\s|$)/i.test(sent(authorization)) ? /^Bearer / : !sent(c.requestedWith) ? /^Basic / : /^Switchboard /;
      expect(seen.headers.get('www-authenticate')).toMatch(challenge);
    }
  }

  test('token: only a member with the right passcode gets a token; everything else is a clear 4xx', async () => {
    await checkProperty(
      'token',
      fc.asyncProperty(fc.array(tokenCase, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await inParallel(
          batch.map((c) => () => sendToken(c)),
          BATCH,
        );
      }),
      { numRuns: RUNS.token },
    );
    console.log(`token: ${strangers.summary()}; ${wellFormed} well-formed Basic attempts`);
    strangers.assertAllRefused();
  }, 120_000);

  /** Bytes no HTTP client library would send: broken request lines, header names and encodings. */
  const rawRequest = fc
    .record({
      method: fc.oneof(fc.constantFrom('GET', 'POST', 'PRI', 'CONNECT', 'TRACE', 'G\u0000T', ''), fc.string({ maxLength: 8 })),
      path: fc.oneof(
        fc.constantFrom(
          '/voice',
          '/token',
          '/status',
          '/fallback',
          '/dial-complete',
          '/recording?id=../',
          '/voicemail-delete',
          '/voice%E0%A4%A',
          '/%2e%2e/%2e%2e/etc/passwd',
          '/voice/../token',
          '//voice',
          '*',
          'http://evil.example/voice',
        ),
        hostileText.map((t) => `/${t}`),
      ),
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''),
      headerLines: fc.array(
        fc.oneof(
          fc.tuple(headerNames, hostileText).map(([name, value]) => `${name}: ${value}`),
          hostileText,
          fc.constantFrom(
            'Content-Length: -1',
            'Content-Length: 99999999999',
            'Transfer-Encoding: chunked',
            'Transfer-Encoding: chunked\r\nContent-Length: 3',
            ' folded',
            'Host:',
            'Expect: 100-continue',
          ),
        ),
        { maxLength: 4 },
      ),
      body: hostileText,
    })
    .map(({ method, path, version, headerLines, body }) => Buffer.from(`${method} ${path} ${version}\r\nHost: localhost\r\nConnection: close\r\n${headerLines.join('\r\n')}\r\n\r\n${body}`, 'latin1'));

  /** What came back for raw bytes: the bytes, and how the connection ended. */
  interface RawOutcome {
    reply: string;
    /** `closed` by the server, `silent` for RAW_SILENCE_MS, or a socket error code (`ECONNRESET`…). */
    end: string;
  }

  /** Silence after which a raw request counts as hung (generous: CI shares 2 cores with scrypt). */
  const RAW_SILENCE_MS = 5000;

  /** Writes raw bytes, reads whatever comes back until the server closes (or RAW_SILENCE_MS of silence). */
  function sendRaw(bytes: Buffer): Promise<RawOutcome> {
    return new Promise((resolve) => {
      const socket = connect(suite.target.runtime.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      let end = 'closed';
      socket.setTimeout(RAW_SILENCE_MS, () => {
        end = 'silent';
        socket.destroy();
      });
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', (error: NodeJS.ErrnoException) => (end = error.code ?? error.message));
      socket.on('close', () => resolve({ reply: Buffer.concat(chunks).toString('latin1'), end }));
      socket.write(bytes, () => socket.end());
    });
  }

  /**
   * Why a raw request may be closed without an answer, or undefined when it must be answered:
   * Node drops a CONNECT when nothing listens for tunnels, and twilio-run's static file server
   * drops its answer when the client has already half-closed, as sendRaw does.
   */
  function mayCloseUnanswered(bytes: Buffer): string | undefined {
    const [method = '', target = ''] = bytes.toString('latin1').split('\r\n', 1)[0].split(' ');
    if (method === 'CONNECT') return 'CONNECT';
    let path: string;
    try {
      path = new URL(target, 'http://localhost').pathname;
    } catch {
      return undefined;
    }
    return path === '/' || path.startsWith('/assets/') ? 'a static file' : undefined;
  }

  test('raw bytes: a broken request gets an HTTP answer (a CONNECT may be closed), never a 5xx or a stack trace; the server answers after every batch', async () => {
    /** How each request ended: its HTTP status, or how the connection ended without one. */
    const endings = new Map<string, number>();
    await checkProperty(
      'raw bytes',
      fc.asyncProperty(fc.array(rawRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const outcomes = await inParallel(
          batch.map((bytes) => () => sendRaw(bytes)),
          BATCH,
        );
        for (const [i, { reply, end }] of outcomes.entries()) {
          suite.target.sent.set('(raw)', (suite.target.sent.get('(raw)') ?? 0) + 1);
          const what = `raw request ${JSON.stringify(batch[i].toString('latin1').slice(0, 200))}`;
          // Refused or silent means nobody was listening or the server hung on junk: never fine.
          if (end === 'ECONNREFUSED' || end === 'silent') throw new Error(`${what} → ${end === 'silent' ? `no answer and no close within ${RAW_SILENCE_MS} ms` : 'connection refused'}`);
          const status = reply ? Number(/^HTTP\/1\.[01] (\d{3}) /.exec(reply)?.[1]) : undefined;
          if (reply && !status) throw new Error(`${what} → not an HTTP response: ${reply.slice(0, 200)}`);
          const silentClose = mayCloseUnanswered(batch[i]);
          if (!status && !silentClose) throw new Error(`${what} → closed (${end}) without an HTTP answer`);
          const ending = status ? String(status) : `no reply to ${silentClose}, ${end}`;
          endings.set(ending, (endings.get(ending) ?? 0) + 1);
          if (status) assertHarmless({ status, headers: new Headers(), body: reply }, suite.target.secrets, what);
        }
        // Whatever the batch did to the connections, the server itself must still be there.
        await suite.target.assertAnswering();
      }),
      { numRuns: RUNS.raw },
    );
    const answered = [...endings].filter(([ending]) => /^\d+$/.test(ending)).reduce((sum, [, n]) => sum + n, 0);
    console.log(`raw: ${RUNS.raw * BATCH} requests, ${answered} answered with an HTTP status; endings ${[...endings].map(([ending, n]) => `${ending}: ${n}`).join(', ')}`);
  }, 60_000);
});

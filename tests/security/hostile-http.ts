import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { ROOT } from '../../build/build';
import { startRuntime, type LocalRuntime, type RestProxySettings } from '../../build/local-runtime';
import { PASSCODES, testEnv } from '../support/fixtures';

/** One HTTP exchange as the security suite saw it. */
export interface Seen {
  status: number;
  headers: Headers;
  body: string;
}

/** Signs of a leaked stack trace or of the machine's layout in a response. */
const LEAK_PATTERNS: readonly RegExp[] = [
  /^\s*at .+:\d+:\d+\)?\s*$/m, // a stack frame
  /\bat (?:async )?[\w$.<>[\]]+ \(/, // "at fn (" frames on one line
  /node_modules/,
  /\/work\//,
  /(?:Type|Syntax|Reference|Range|URI)Error:/,
];

/**
 * The local runtime under attack, with secrets that are random per run (so finding one in a body
 * cannot be a coincidence), plus a checked `send` that every security test goes through: each
 * response is counted and must never be a 5xx, leak a stack trace or path, or carry a secret.
 */
export class Target {
  /** Requests sent, by path (`/voice`, `/token`, …). */
  readonly sent = new Map<string, number>();
  /** Responses received, by status code. */
  readonly statuses = new Map<number, number>();

  private constructor(
    readonly runtime: LocalRuntime,
    readonly env: Readonly<Record<string, string>>,
    readonly secrets: readonly string[],
  ) {}

  /** A complete environment for a team of alice, bob and carol, with secrets fresh for this run. */
  static async randomEnv(overrides: Record<string, string> = {}): Promise<Record<string, string>> {
    return (await testEnv({
      AUTH_TOKEN: randomBytes(16).toString('hex'),
      API_SECRET: randomBytes(24).toString('base64url'),
      FORWARD_TO: '+14155550199',
      ...overrides,
    })) as Record<string, string>;
  }

  /**
   * Starts twilio-run with a fresh `randomEnv` (or exactly `env`) on the build of the project in
   * `root` (this project's dist/ by default), its REST requests sent to `restProxy` if given.
   */
  static async start(overrides: Record<string, string> = {}, root?: string, restProxy?: RestProxySettings): Promise<Target> {
    const env = await Target.randomEnv(overrides);
    const hashes = env.TEAM.match(/scrypt\$[\w-]{16,}\$[\w-]{43}/g) ?? [];
    const secrets = [env.AUTH_TOKEN, env.API_SECRET, ...hashes, ...hashes.map((hash) => hash.split('$')[2]), ...Object.values(PASSCODES)];
    return new Target(await startRuntime(env, { root, restProxy }), env, secrets);
  }

  get url(): string {
    return this.runtime.url;
  }

  /** The X-Twilio-Signature Twilio would send for `params` posted to `path` of this runtime. */
  sign(path: string, params: Record<string, unknown>, authToken = this.env.AUTH_TOKEN, base = this.url): string {
    return getExpectedTwilioSignature(authToken, `${base}${path}`, params);
  }

  /**
   * Sends one request and checks the invariants that hold whatever was sent. `unavailable` allows
   * a 503, the deliberate answer of a Function whose configuration is broken (not a crash).
   */
  async send(path: string, init: RequestInit = {}, unavailable = false): Promise<Seen> {
    const route = path.split('?')[0];
    this.sent.set(route, (this.sent.get(route) ?? 0) + 1);
    const response = await fetch(`${this.url}${path}`, { redirect: 'manual', ...init });
    const seen = { status: response.status, headers: response.headers, body: await response.text() };
    this.statuses.set(seen.status, (this.statuses.get(seen.status) ?? 0) + 1);
    assertHarmless(unavailable && seen.status === 503 ? { ...seen, status: 200 } : seen, this.secrets, `${init.method ?? 'GET'} ${path}`);
    return seen;
  }

  /**
   * Throws unless twilio-run is still running and still answers a known request as it should
   * (GET /token without credentials: 401). Proof that junk before it did not kill the server.
   */
  async assertAnswering(): Promise<void> {
    const ended = this.runtime.exited();
    if (ended) throw new Error(`twilio-run exited (${ended}); its last output:\n${this.runtime.output.slice(-20).join('\n')}`);
    const seen = await this.send('/token');
    if (seen.status !== 401) throw new Error(`the known-good request GET /token without credentials got ${seen.status}, expected 401: ${seen.body.slice(0, 300)}`);
  }

  /**
   * Sends a genuine /status callback and waits for its log line (one more `call-status` line).
   * The runtime logs in order, so afterwards the lines of every earlier request are in `output`.
   */
  async flushLogs(): Promise<void> {
    const params = { CallSid: `CA-barrier-${this.total}`, CallStatus: 'completed' };
    const seen = await this.send('/status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': this.sign('/status', params) },
      body: new URLSearchParams(params).toString(),
    });
    if (seen.status !== 200) throw new Error(`the barrier /status request got ${seen.status}`);
    while (!this.runtime.output.some((line) => line.includes(params.CallSid))) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Total requests sent. */
  get total(): number {
    return [...this.sent.values()].reduce((sum, n) => sum + n, 0);
  }

  /** One line for the test log: requests per path and responses per status. */
  summary(label: string): string {
    const list = (map: Map<unknown, number>) => [...map].map(([key, n]) => `${String(key)}: ${n}`).join(', ');
    return `${label}: ${this.total} requests (${list(this.sent)}); statuses ${list(this.statuses)}`;
  }

  stop(): Promise<void> {
    return this.runtime.stop();
  }
}

/**
 * A Target for the enclosing `describe`: started before its tests and stopped after them, leaving
 * one line in the test log with its request counts and `note()`'s figures. `restProxy` (read when
 * the Target starts) is where its Functions' REST requests go.
 */
export function targetPerSuite(label: string, note: () => string = () => '', restProxy: () => RestProxySettings | undefined = () => undefined): { readonly target: Target } {
  const suite = {} as { target: Target };
  beforeAll(async () => {
    suite.target = await Target.start({}, undefined, restProxy());
  });
  // A runtime that died mid-suite fails the test that killed it, not only the ones after it.
  afterEach(() => {
    const ended = suite.target?.runtime.exited();
    if (ended) throw new Error(`twilio-run exited during this test (${ended}):\n${suite.target.runtime.output.slice(-20).join('\n')}`);
  });
  afterAll(async () => {
    if (!suite.target) return;
    console.log([suite.target.summary(label), note()].filter(Boolean).join('; '));
    await suite.target.stop();
  });
  return suite;
}

/** No 5xx, no stack trace or internal path, no secret — in the body or any header. */
export function assertHarmless(seen: Seen, secrets: readonly string[], what: string): void {
  const text = `${[...seen.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${seen.body}`;
  const problems = [
    seen.status >= 500 ? `status ${seen.status}` : '',
    ...LEAK_PATTERNS.filter((pattern) => pattern.test(seen.body)).map((pattern) => `body matches ${pattern}`),
    seen.body.includes(ROOT) ? 'body names the project directory' : '',
    ...secrets.filter((secret) => text.includes(secret)).map((secret) => `a secret (${secret.slice(0, 4)}…) is in the response`),
  ].filter(Boolean);
  if (problems.length) throw new Error(`${what} → ${problems.join('; ')}\n${seen.status} ${seen.body.slice(0, 2000)}`);
}

/**
 * True when a request's head (URL and headers) is big enough that Node's HTTP parser may refuse it
 * with 431 before any Function runs (its limit is 16 KiB; half of that leaves room for framing).
 */
export function oversizedHead(path: string, headers: Headers): boolean {
  return [...headers].reduce((sum, [name, value]) => sum + name.length + value.length + 4, path.length) > 8 * 1024;
}

/** Runs `tasks` with at most `width` in flight (keep-alive connections are reused by fetch). */
export async function inParallel<T>(tasks: readonly (() => Promise<T>)[], width = 8): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results;
}

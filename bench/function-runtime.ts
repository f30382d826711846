/**
 * An in-process stand-in for the Serverless runtime, so a built Function can be timed without
 * HTTP: the global `Twilio.Response` is the runtime's own class, `context` and `event` have the
 * shape `@twilio/runtime-handler` builds, and the reply is serialised as the runtime would.
 */
import twilio from 'twilio';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
// The module object itself (not an ES namespace copy), so replacing `scrypt` reaches the Functions.
import crypto = require('node:crypto');
import { restFixtures, type RestCounts } from './rest-fixtures';

type Callback = (error: unknown, payload?: unknown) => void;
/** A Function's `handler` export. */
export type Handler = (context: object, event: object, callback: Callback) => unknown;

/** What the caller of a Function receives. */
export interface Reply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

interface RuntimeResponse {
  serialize(): { statusCode: number; headers: Record<string, unknown>; body: unknown };
}

/** The runtime's Response class; the package exports no path to it, so it is found beside `./dev`. */
const RESPONSE_MODULE = join(dirname(require.resolve('@twilio/runtime-handler/dev')), 'internal', 'response.js');

/**
 * Sets the globals the runtime gives every Function: `Twilio = { Response }` our Functions build
 * their replies with, and `Runtime`, whose assets are empty here (no routing.json, as by default).
 */
export function installRuntimeGlobals(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file found at run time, as the runtime loads it
  const { Response } = require(RESPONSE_MODULE) as { Response: new () => RuntimeResponse };
  Object.assign(globalThis, { Twilio: { Response }, Runtime: { getAssets: () => ({}), getFunctions: () => ({}) } });
}

/** The `handler` a built Function (or a baseline) exports. */
export function loadHandler(file: string): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built Function, loaded by path as the runtime does
  const { handler } = require(file) as { handler?: Handler };
  if (typeof handler !== 'function') throw new Error(`${file} exports no handler`);
  return handler;
}

/** `context` as the local runtime builds it: PATH, DOMAIN_NAME, the environment, getTwilioClient (its REST requests counted in `counts`). */
export function functionContext(env: Readonly<Record<string, string>>, domainName: string, path: string, counts?: RestCounts): object {
  const httpClient = restFixtures(env, counts);
  return {
    PATH: path,
    DOMAIN_NAME: domainName,
    SERVICE_SID: undefined,
    ENVIRONMENT_SID: undefined,
    ...env,
    // A real client, as the runtime builds one per call, whose requests the fixtures answer: benchmarks run offline.
    getTwilioClient: () => twilio(env.ACCOUNT_SID, env.AUTH_TOKEN, { httpClient }),
  };
}

/** `event` as the runtime builds it: query and form parameters plus the request's headers. */
export function runtimeEvent(params: Readonly<Record<string, string>>, headers: Readonly<Record<string, string>>): object {
  return { request: { headers: { ...headers }, cookies: {} }, ...params };
}

/** The reply as the runtime sends it: text, TwiML as XML, a Response with its headers, or JSON. */
function render(payload: unknown): Reply {
  if (typeof payload === 'string') return { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: payload };
  if (payload && typeof (payload as RuntimeResponse).serialize === 'function') {
    const { statusCode, headers, body } = (payload as RuntimeResponse).serialize();
    return { statusCode, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
  }
  if (payload && Object.getPrototypeOf(payload) !== Object.prototype) {
    return { statusCode: 200, headers: { 'Content-Type': 'text/xml' }, body: (payload as { toString(): string }).toString() }; // TwiML
  }
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) };
}

/** What a Function failed with, as an Error (a Function may pass anything to `callback`). */
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(format(error)));

/** Runs a handler once, up to its serialised reply; a thrown error or `callback(error)` rejects. */
export function invoke(handler: Handler, context: object, event: object): Promise<Reply> {
  return new Promise((resolve, reject) => {
    try {
      const result = handler(context, event, (error, payload) => (error ? reject(asError(error)) : resolve(render(payload))));
      if (result instanceof Promise) result.catch((error: unknown) => reject(asError(error)));
    } catch (error) {
      reject(asError(error));
    }
  });
}

/**
 * Sends console output nowhere (after formatting it, as a log capture would), so thousands of
 * invocations do not flood the table. Returns the function that restores the console.
 */
export function silenceConsole(): () => void {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const sink = (...args: unknown[]) => void format(...args);
  Object.assign(console, { log: sink, info: sink, warn: sink, error: sink });
  return () => Object.assign(console, saved);
}

/** A scrypt result known in advance: passcode, salt and derived key (salt and key base64url). */
export interface KnownScrypt {
  passcode: string;
  salt: string;
  key: string;
}

/**
 * Makes `crypto.scrypt` answer the known results at once (still asynchronously), so what a
 * Function costs besides its scrypt can be measured. Other inputs still run the real scrypt.
 * Returns the function that restores it.
 */
export function skipKnownScrypt(known: readonly KnownScrypt[]): () => void {
  const real = crypto.scrypt;
  const keys = new Map(known.map((k) => [`${k.passcode}\n${k.salt}`, Buffer.from(k.key, 'base64url')]));
  const patched = (password: crypto.BinaryLike, salt: crypto.BinaryLike, ...rest: unknown[]) => {
    const text = typeof password === 'string' ? password : Buffer.from(password.buffer, password.byteOffset, password.byteLength).toString();
    const key = keys.get(`${text}\n${Buffer.from(salt as Buffer).toString('base64url')}`);
    const callback = rest[rest.length - 1] as (error: Error | null, key: Buffer) => void;
    if (!key) return (real as (...args: unknown[]) => void)(password, salt, ...rest);
    setImmediate(() => callback(null, Buffer.from(key)));
  };
  (crypto as { scrypt: unknown }).scrypt = patched;
  return () => {
    (crypto as { scrypt: unknown }).scrypt = real;
  };
}

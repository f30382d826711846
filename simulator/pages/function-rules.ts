/**
 * What Twilio's gateway does to requests for deployed Functions and twilio-run does not
 * (docs/twilio-runtime.md), so that the simulator's front server holds our Functions to it: only GET, POST and OPTIONS
 * reach a Function, a GET with a body is refused, and an invocation is cut at 10 s. (A `.protected`
 * Function's bad signature is still answered by our own check, 403, rather than the gateway's 400.)
 */
import { readdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';

/** The methods a deployed Function is invoked for. */
const FUNCTION_METHODS = new Set(['GET', 'POST', 'OPTIONS']);
/** Twilio ends an invocation after 10 s ("runtime application timed out"). */
export const FUNCTION_TIMEOUT_MS = 10_000;

/** URL paths of the Functions built into `folder` (`voice.protected.js` → `/voice`). */
export function functionPaths(folder: string): Set<string> {
  return new Set(
    readdirSync(folder)
      .filter((file) => file.endsWith('.js'))
      .map((file) => `/${file.split('.')[0]}`),
  );
}

/** The gateway's refusal of a request for a Function, or undefined when it reaches the Function. */
export function gatewayRefusal(request: IncomingMessage): { status: number; error: string } | undefined {
  const method = request.method ?? '';
  if (!FUNCTION_METHODS.has(method)) return { status: 405, error: `${method} does not reach a Twilio Function (only GET, POST and OPTIONS do)` };
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (method === 'GET' && hasBody) return { status: 403, error: 'Twilio refuses a GET with a body' };
  return undefined;
}

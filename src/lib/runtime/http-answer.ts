/**
 * A plain HTTP answer that the Functions turn into the runtime's Response (`httpResponse` in
 * serverless.ts), so the logic that decides it stays testable without the runtime's globals.
 */
import { ERRORS, type ErrorCode, type ErrorReply } from '../contract/errors';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: object;
}

/** Headers of every JSON answer that may carry a token or say why there is none. */
export const NO_STORE = { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' } as const;

/** `{"error":{code, message, action}}` from the error table; `message` replaces the table's title. */
export function errorAnswer(status: number, code: ErrorCode, headers: Record<string, string> = {}, message?: string): HttpAnswer {
  const info = ERRORS[code];
  return { status, headers: { ...NO_STORE, ...headers }, body: { error: { code, message: message ?? info.title, action: info.action } } satisfies ErrorReply };
}

/** 200 with a JSON body that no cache keeps. */
export function jsonAnswer(body: object): HttpAnswer {
  return { status: 200, headers: { ...NO_STORE }, body };
}

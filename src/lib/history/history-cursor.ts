/**
 * The opaque `next` / `?before=` of `GET /calls`: where the previous page ended, as the start
 * time of its last entry and the entries of that same second it already showed. Time-based, so a
 * page stays right while new calls arrive; checked strictly, since it comes back from the page.
 */
import { CALL_SID } from '../records/rest-records';

export interface HistoryCursor {
  /** Start of the last entry shown, ms since the epoch (whole seconds, as Twilio keeps them). */
  readonly t: number;
  /** Parent call SIDs shown that started in that same second. */
  readonly s: readonly string[];
}

/** Far more than a page of 50 SIDs needs: anything longer is not ours. */
const MAX_CURSOR_LENGTH = 4096;

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.t, s: cursor.s })).toString('base64url');
}

/** The cursor, or undefined for anything that is not one we made. */
export function decodeCursor(text: string): HistoryCursor | undefined {
  if (text.length > MAX_CURSOR_LENGTH || !/^[\w-]+$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { t, s } = value as Record<string, unknown>;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t % 1000 !== 0) return undefined;
  if (!Array.isArray(s) || s.length > 50 || !s.every((sid) => typeof sid === 'string' && CALL_SID.test(sid))) return undefined;
  return { t, s };
}

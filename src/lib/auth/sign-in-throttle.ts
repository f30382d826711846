/**
 * Passcode sign-ins counted per name in the team's store (throttle-rules.ts says when a name
 * waits). Every well-formed name is counted alike, on the team or not, so `/token` never tells
 * whether a name exists. It never fails open:
 *
 * - the count is read before the passcode is checked; during a wait even the right passcode is
 *   refused, and without spending scrypt;
 * - every checked passcode then writes the count (a wrong one adds a failure, a right one clears
 *   it), and the attempt only counts as signed in, or as a plain wrong passcode, once that write
 *   is done: when the count cannot be read or written the answer is "try again later", whichever
 *   passcode was sent, so a guess made while Sync refuses writes learns nothing;
 * - each name has a Document of its own: a flood against one name spends that Document's read and
 *   write budgets, never another name's, and never the `team` Map.
 *
 * The Document holds the count as it stood before its latest failure; the latest failure's time
 * is the Document's own `dateUpdated`, stamped by Sync, and "now" is the `Date` of Sync's answer.
 * So every Function instance counts by Sync's one clock, and no write needs to know the time.
 */
import { logEvent } from '../runtime/serverless';
import { readModifyWrite } from '../store/read-modify-write';
import { StoreFailure } from '../store/store-failure';
import { signInDocument } from '../store/team-layout';
import type { Stored, TeamStore } from '../store/team-store';
import { afterFailure, FORGET_AFTER_SECONDS, isFailureCount, NO_FAILURES, waitLeft, type FailureCount } from './throttle-rules';

/** What a passcode sign-in comes to. */
export type SignInOutcome =
  | { readonly kind: 'signed-in' }
  /** A wrong passcode, counted. */
  | { readonly kind: 'wrong' }
  /** Refused without checking the passcode, or the failure that started a wait: try again in `seconds`. */
  | { readonly kind: 'wait'; readonly seconds: number }
  /** The count could not be read or written: nothing was decided. */
  | { readonly kind: 'unavailable'; readonly failure: StoreFailure };

/** What a name's Document holds. */
interface SignInRecord {
  /** The count before the Document's latest failure. */
  readonly before: FailureCount;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The count a Document holds, its latest failure included. */
function countOf(document: Stored<unknown>): FailureCount {
  const { before } = (document.data ?? {}) as Partial<SignInRecord>;
  return afterFailure(isFailureCount(before) ? before : NO_FAILURES, seconds(document.updatedAt));
}

/** The wait still ahead of a name whose Document reads `document` (none without one). */
function waitOf(document: Stored<unknown> | undefined): SignInOutcome | undefined {
  const left = document ? waitLeft(countOf(document), seconds(document.seenAt)) : 0;
  return left > 0 ? { kind: 'wait', seconds: left } : undefined;
}

/**
 * Signs `identity` in if it is not waiting and `verify` (the passcode check, run at most once)
 * says yes, counting the attempt in `store`. `onTeam` only goes to the log line a wait leaves.
 */
export async function throttledSignIn(store: TeamStore, identity: string, verify: () => Promise<boolean>, onTeam: boolean): Promise<SignInOutcome> {
  const name = signInDocument(identity);
  try {
    let document = await store.readDocument<unknown>(name);
    const waiting = waitOf(document);
    if (waiting) return waiting;
    const right = await verify();
    return await readModifyWrite(async (round): Promise<SignInOutcome> => {
      if (round > 1) {
        document = await store.readDocument<unknown>(name);
        const started = waitOf(document); // by a failure another instance recorded meanwhile
        if (started) return started;
      }
      if (right) {
        if (document) await store.removeDocument(name);
        return { kind: 'signed-in' };
      }
      const record: SignInRecord = { before: document ? countOf(document) : NO_FAILURES };
      const written = document ? await store.updateDocument(name, record, document.revision, FORGET_AFTER_SECONDS) : await store.createDocument(name, record, FORGET_AFTER_SECONDS);
      const count = countOf(written);
      const left = waitLeft(count, seconds(written.updatedAt));
      if (left === 0) return { kind: 'wrong' };
      // One line per wait given: who, for how long. Never the passcode.
      logEvent('sign-in-throttled', { identity, onTeam, waitSeconds: left, until: new Date(count.waitEnds * 1000).toISOString() });
      return { kind: 'wait', seconds: left };
    });
  } catch (error) {
    if (error instanceof StoreFailure) return { kind: 'unavailable', failure: error };
    throw error;
  }
}

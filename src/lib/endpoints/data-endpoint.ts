/**
 * What every data Function (/calls, /voicemail, /recording, /voicemail-delete, the recording
 * ones) does around its own work: the page's access token as `Authorization: Bearer` (401 without
 * a valid one or for a session ended by "Sign out everywhere", 403 for someone no longer on TEAM),
 * or for a recording's audio a signed link; then the work against Twilio's API within a deadline;
 * any failure there is a 503 with Retry-After, never a 500, and says nothing about Twilio's answer.
 */
import type { Config, Env } from '../config/config';
import { configOrAnswer } from '../runtime/config-answer';
import { errorAnswer, type HttpAnswer } from '../runtime/http-answer';
import { logEvent } from '../runtime/serverless';
import { sessionRefusalAnswer } from '../auth/session-token';
import { checkSession, isRevoked } from '../auth/session-revocation';
import { verifyLink, type VerifiedLink } from '../recording/recording-link';
import { withDeadline } from '../runtime/deadline';
import { StoreFailure } from '../store/store-failure';
import { configuredStore, type OpenStore, type TeamStore } from '../store/team-store';

/** Audio (or other bytes) passed through: whole (200) or a byte range of it (206). */
export interface MediaAnswer {
  status: 200 | 206;
  headers: Record<string, string>;
  body: Buffer;
}

export type DataAnswer = HttpAnswer | MediaAnswer;

/** A verified teammate's request. */
export interface DataSession {
  readonly config: Config;
  readonly identity: string;
  /** The team's store, when SYNC_SERVICE_SID is set. */
  readonly store?: TeamStore;
}

/** Twilio cuts a Function at 10 s; past this the page hears "try again" instead. */
export const DATA_DEADLINE_MS = 8000;
/** Seconds the page waits before asking again after a 503. */
const RETRY_AFTER_SECONDS = '5';

/**
 * Checks the session (with `openStore`, also whether it was revoked), then runs `serve`. `path`
 * names the endpoint in the log line a failure leaves.
 */
export async function answerDataRequest(env: Env, path: string, authorization: string, serve: (session: DataSession) => Promise<DataAnswer>, openStore?: OpenStore): Promise<DataAnswer> {
  const config = configOrAnswer(env);
  if ('status' in config) return config;
  const started = Date.now();
  const store = openStore && configuredStore(config.syncServiceSid, openStore);
  const session = await checkSession(authorization, config, store);
  if (!session.ok) return sessionRefusalAnswer(session);
  return serveWithin({ config, identity: session.identity, store }, path, serve, started);
}

/**
 * A request carrying a link to a recording's audio instead of a Bearer token (recording-link.ts):
 * its teammate, checked as the link says, is served as a session would be; a link that is not
 * one we made, expired, or of someone no longer on TEAM gets 401 and no data.
 */
export async function answerLinkRequest(
  env: Env,
  path: string,
  params: Record<string, unknown>,
  serve: (session: DataSession & { id: string }) => Promise<DataAnswer>,
  openStore?: OpenStore,
): Promise<DataAnswer> {
  const config = configOrAnswer(env);
  if ('status' in config) return config;
  const started = Date.now();
  const link = verifyLink(config, params);
  if (!link) return errorAnswer(401, 'SB_SESSION');
  const store = openStore && configuredStore(config.syncServiceSid, openStore);
  if (store && (await linkRevoked(store, link))) return errorAnswer(401, 'SB_SESSION_REVOKED');
  return serveWithin({ config, identity: link.identity, store }, path, (session) => serve({ ...session, id: link.id }), started);
}

/**
 * A link made before its teammate's sessions were revoked ("Sign out everywhere") goes with them.
 * As for a session, a store that cannot be read lets it through (logged).
 */
async function linkRevoked(store: TeamStore, link: VerifiedLink): Promise<boolean> {
  try {
    return await isRevoked(store, link.identity, link.issuedAt);
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    logEvent('link-check-skipped', { identity: link.identity, ...error.toLog() });
    return false;
  }
}

/** Runs `serve` for a verified teammate within the deadline counted from `started`: any failure there is a 503 with Retry-After. */
async function serveWithin<S extends DataSession>(session: S, path: string, serve: (session: S) => Promise<DataAnswer>, started: number): Promise<DataAnswer> {
  try {
    // The session check's Sync read counts against the same deadline: Twilio cuts the Function, not its work.
    return await withDeadline(serve(session), DATA_DEADLINE_MS - (Date.now() - started));
  } catch (error) {
    const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
    logEvent('data-error', { path, identity: session.identity, message: String((error as Error)?.message ?? error).slice(0, 300), status, code });
    return errorAnswer(503, 'SB_TWILIO_UNAVAILABLE', { 'Retry-After': RETRY_AFTER_SECONDS });
  }
}

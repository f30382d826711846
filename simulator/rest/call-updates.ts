/**
 * `POST /Calls/{Sid}.json` as Twilio documents it for the legs of a `<Dial>`:
 * - `Status=completed` hangs up an answered or ringing call; `Status=canceled` ends only a queued
 *   or ringing one (an answered call stays as it is). Ending either side of a bridge ends it.
 * - `Twiml` or `Url` on the parent: the parent runs the new TwiML and its dialled leg is hung up.
 * - `Status` on a dialled leg ends it; `Twiml`/`Url` make it leave the bridge and run the new
 *   TwiML itself. Either way the parent continues to its `<Dial action>`.
 */
import type { ApiCall } from '../calls/api-call';
import type { ApiCalls } from '../calls/api-calls';
import type { Route } from '../calls/calls';
import type { RedirectSource } from '../calls/interruptible-control';
import { badParameter, RestError } from './rest-errors';

/** Twilio's limit on inline TwiML (error 32018 beyond it, docs/twilio-limits.md). */
export const MAX_INLINE_TWIML = 4000;

/** The update a request asks for, checked as Twilio checks it. */
export type CallUpdate = { status?: 'completed' | 'canceled'; redirect?: RedirectSource };

/** Reads and checks the parameters of a call update. */
export function readCallUpdate(form: URLSearchParams): CallUpdate {
  const status = form.get('Status');
  if (status !== null && status !== 'completed' && status !== 'canceled') throw badParameter(20001, `Status must be completed or canceled, not "${status.slice(0, 40)}"`);
  const twiml = form.get('Twiml');
  const url = form.get('Url');
  if (twiml !== null && url !== null) throw badParameter(21205, 'Twiml and Url are mutually exclusive');
  if (twiml !== null && twiml.length > MAX_INLINE_TWIML) throw badParameter(32018, `Twiml is longer than ${MAX_INLINE_TWIML} characters`);
  if (url !== null && !/^https?:\/\/\S+$/.test(url)) throw badParameter(21205, 'Url is not a valid URL');
  const method = form.get('Method');
  if (method !== null && method.toUpperCase() !== 'POST') throw new RestError(501, 20001, 'The simulator requests Url with POST only');
  const redirect = twiml !== null ? { twiml } : url !== null ? { url } : undefined;
  if (!status && !redirect) throw badParameter(20001, 'Nothing to update: give Status, Twiml or Url');
  return { ...(status ? { status } : {}), ...(redirect ? { redirect } : {}) };
}

/** Applies `update` to a running call or leg (`route`); a call that is over has nothing to update. */
export function applyCallUpdate(route: Route, update: CallUpdate): void {
  const { call, leg } = route;
  const ringing = leg ? leg.status === 'ringing' : !call.inProgress;
  if (update.status) {
    // Canceling an answered call does nothing, as at Twilio.
    if (update.status === 'canceled' && !ringing) return;
    if (leg) call.endLegByApi(leg);
    else call.hangupByApi();
    return;
  }
  if (ringing || (leg && !call.redirectLeg(leg, update.redirect!))) throw badParameter(21220, 'Call is not in-progress. Cannot redirect.');
  if (!leg) call.redirect(update.redirect!);
}

/** Applies `update` to a queued, ringing or answered API-created call. */
export function applyApiCallUpdate(calls: ApiCalls, call: ApiCall, update: CallUpdate): void {
  if (update.status) {
    if (update.status === 'completed' || call.ringing) calls.hangup(call);
    return;
  }
  if (call.ringing) throw badParameter(21220, 'Call is not in-progress. Cannot redirect.');
  call.redirect(update.redirect!);
}

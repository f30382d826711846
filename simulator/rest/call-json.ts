/**
 * The simulator's call log as Twilio's Call resources (OpenAPI `api.v2010.account.call`): each
 * parent call is one Call (`inbound`, or `outbound-api` when the API created it) and each leg it
 * dialled is another, with `parent_call_sid` and `direction: outbound-dial`, as Twilio lists them
 * (a leg a redirected leg dialled names that leg as its parent).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { TWILIO_LEG_STATUS, type SimCall } from '../calls/call-log';
import { rfc2822 } from './rest-dates';

/** One Call resource before it is written as JSON. */
export interface CallRow {
  sid: string;
  parentCallSid: string | null;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  from: string;
  to: string;
  status: string;
  /** ISO timestamps of the log. */
  createdAt: string;
  startedAt?: string;
  answeredAt?: string;
  endedAt?: string;
  updatedAt: string;
}

const latest = (...times: (string | undefined)[]) =>
  times
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1)!;

/** Every Call resource of the log: parents and their legs. */
export function callRows(calls: readonly SimCall[]): CallRow[] {
  return calls.flatMap((call) => {
    const parent: CallRow = {
      sid: call.sid,
      parentCallSid: null,
      direction: call.direction,
      from: call.from,
      to: call.to,
      status: call.status,
      createdAt: call.createdAt ?? call.startedAt,
      startedAt: call.status === 'queued' ? undefined : call.startedAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      updatedAt: latest(call.createdAt, call.startedAt, call.answeredAt, call.endedAt),
    };
    const legs = call.legs.map((leg): CallRow => ({
      sid: leg.sid,
      parentCallSid: leg.parentSid ?? call.sid,
      direction: 'outbound-dial',
      from: leg.from,
      to: leg.to,
      status: TWILIO_LEG_STATUS[leg.status],
      createdAt: leg.startedAt,
      startedAt: leg.startedAt,
      answeredAt: leg.answeredAt,
      endedAt: leg.endedAt,
      updatedAt: latest(leg.startedAt, leg.answeredAt, leg.endedAt),
    }));
    return [parent, ...legs];
  });
}

/** `(415) 555-0123` for a number, as Twilio formats `to_formatted`; other addresses as they are. */
function formatted(address: string): string {
  const number = address.startsWith('+') ? parsePhoneNumberFromString(address) : undefined;
  return number?.isPossible() ? (number.country === 'US' || number.country === 'CA' ? number.formatNational() : number.formatInternational()) : address;
}

/** Whole seconds of a finished call from answer to end ("0" when never answered); null while it lasts. */
function duration(row: CallRow): string | null {
  if (!row.endedAt) return null;
  return row.answeredAt ? String(Math.max(0, Math.round((Date.parse(row.endedAt) - Date.parse(row.answeredAt)) / 1000))) : '0';
}

/** A Call resource as Twilio writes it. */
export function callJson(row: CallRow, accountSid: string): Record<string, unknown> {
  const base = `/2010-04-01/Accounts/${accountSid}/Calls/${row.sid}`;
  const sub = (name: string) => `${base}/${name}.json`;
  return {
    sid: row.sid,
    date_created: rfc2822(row.createdAt),
    date_updated: rfc2822(row.updatedAt),
    parent_call_sid: row.parentCallSid,
    account_sid: accountSid,
    to: row.to,
    to_formatted: formatted(row.to),
    from: row.from,
    from_formatted: formatted(row.from),
    phone_number_sid: null,
    status: row.status,
    start_time: rfc2822(row.startedAt),
    end_time: rfc2822(row.endedAt),
    duration: duration(row),
    price: null,
    price_unit: 'USD',
    direction: row.direction,
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: Object.fromEntries(
      ['notifications', 'recordings', 'payments', 'events', 'siprec', 'streams', 'transcriptions', 'user_defined_message_subscriptions', 'user_defined_messages'].map((name) => [
        name,
        sub(name.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase())),
      ]),
    ),
  };
}

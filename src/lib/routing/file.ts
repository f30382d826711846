/**
 * `routing.json` (README "Call routing"): groups, a menu, opening hours. Parsed and checked in one place so the
 * build, `npm run doctor` and the Functions report the same problems, each naming its field and fix.
 */

import { EVERYONE } from '../contract/call-parameters';

/** Weekday keys of `hours`, in `Intl` order (Sunday first). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Menu targets that are not groups. */
export { EVERYONE };
export const VOICEMAIL = 'voicemail';
const RESERVED = [EVERYONE, VOICEMAIL];

/** Group names end up in Function paths (`/routing/ring-<group>-<wave>`): keep them plain. */
const GROUP_NAME = /^[a-z][a-z0-9_]{0,31}$/;
const KEYS = ['timeZone', 'groups', 'menu', 'hours', 'holidays', 'closedMessage'] as const;
const MAX_SAY = 1000;

export const DEFAULT_CLOSED_MESSAGE = 'We are closed right now. Please leave a message.';

/** Opening hours of one day, in minutes after local midnight: open ≤ t < close. */
export interface DayHours {
  readonly open: number;
  readonly close: number;
}

/** A checked routing file. */
export interface Routing {
  readonly timeZone: string;
  /** group name → identities, in the file's order */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly menu?: { readonly prompt: string; readonly options: ReadonlyMap<string, string> };
  /** undefined: always open; otherwise a day not listed is closed */
  readonly hours?: Readonly<Partial<Record<Weekday, DayHours>>>;
  /** local dates YYYY-MM-DD on which the line is closed */
  readonly holidays: ReadonlySet<string>;
  readonly closedMessage: string;
}

/** One problem of a routing file: the field it is about and what to do. */
export class RoutingProblem extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`routing.json ${field}: ${detail}`);
    this.name = 'RoutingProblem';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const quoted = (value: unknown) => JSON.stringify(value)?.slice(0, 60) ?? String(value);

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM-HH:MM" → minutes; "24:00" may end a day. */
function parseRange(text: string): DayHours | undefined {
  const match = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(text);
  if (!match) return undefined;
  const [open, close] = [
    [match[1], match[2]],
    [match[3], match[4]],
  ].map(([h, m]) => Number(h) * 60 + Number(m));
  const valid = (h: string, m: string, end: boolean) => Number(m) < 60 && (Number(h) < 24 || (end && h === '24' && m === '00'));
  if (!valid(match[1], match[2], false) || !valid(match[3], match[4], true)) return undefined;
  return { open, close };
}

/** A real calendar date written YYYY-MM-DD. */
export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/**
 * Checks a parsed routing file. `team` (identities of TEAM), when given, must contain every
 * group member; the Functions pass none and skip members who left the team instead.
 */
export function checkRouting(raw: unknown, team?: ReadonlySet<string>): { routing?: Routing; problems: RoutingProblem[] } {
  const problems: RoutingProblem[] = [];
  const fail = (field: string, detail: string) => problems.push(new RoutingProblem(field, detail));
  if (!isObject(raw)) {
    fail('(top level)', 'must be a JSON object such as {"menu": …, "groups": …}; see routing.example.json');
    return { problems };
  }
  for (const key of Object.keys(raw)) if (!(KEYS as readonly string[]).includes(key)) fail(key, `is not a routing setting; use ${KEYS.join(', ')}`);

  const text = (field: string, value: unknown, fallback?: string): string | undefined => {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !value.trim()) fail(field, 'must be a sentence for the caller to hear');
    else if (value.length > MAX_SAY) fail(field, `is ${value.length} characters; keep it under ${MAX_SAY}`);
    else return value.trim();
    return undefined;
  };

  let timeZone = 'UTC';
  if (raw.timeZone !== undefined) {
    if (typeof raw.timeZone === 'string' && isTimeZone(raw.timeZone)) timeZone = raw.timeZone;
    else fail('timeZone', `must be an IANA time zone such as "America/New_York" or "Europe/London", not ${quoted(raw.timeZone)}`);
  } else if (raw.hours !== undefined || raw.holidays !== undefined) {
    fail('timeZone', 'is needed with hours and holidays: the IANA zone they are in, e.g. "America/New_York"');
  }

  const groups = new Map<string, string[]>();
  if (raw.groups !== undefined && !isObject(raw.groups)) fail('groups', 'must be an object of group name → list of teammates, e.g. {"sales": ["alice", "bob"]}');
  for (const [name, members] of Object.entries(isObject(raw.groups) ? raw.groups : {})) {
    const field = `groups.${name}`;
    if (RESERVED.includes(name.toLowerCase())) {
      fail(field, `"${name}" is reserved (${RESERVED.join(' and ')} are built in); rename the group`);
      continue;
    }
    if (!GROUP_NAME.test(name)) {
      fail(field, 'a group name is 1–32 lowercase letters, digits or _, starting with a letter');
      continue;
    }
    if (!Array.isArray(members) || members.length === 0) {
      fail(field, 'must list at least one teammate, e.g. ["alice"]');
      continue;
    }
    const seen = new Set<string>();
    members.forEach((member: unknown, index) => {
      const at = `${field}[${index}]`;
      if (typeof member !== 'string' || !member) fail(at, 'must be a teammate identity (a string)');
      else if (seen.has(member)) fail(at, `"${member}" is listed twice; remove one`);
      else if (team && !team.has(member)) fail(at, `"${member}" is not on TEAM; add them with \`npm run team -- add ${member}\` or remove them from the group`);
      if (typeof member === 'string' && member) seen.add(member);
    });
    groups.set(name, [...seen]);
  }

  let menu: Routing['menu'];
  if (raw.menu !== undefined) {
    if (!isObject(raw.menu)) fail('menu', 'must be an object with "prompt" and "options"');
    else {
      for (const key of Object.keys(raw.menu)) if (key !== 'prompt' && key !== 'options') fail(`menu.${key}`, 'is not a menu setting; use prompt and options');
      const prompt = text('menu.prompt', raw.menu.prompt);
      const options = new Map<string, string>();
      if (!isObject(raw.menu.options) || Object.keys(raw.menu.options).length === 0) fail('menu.options', 'must map keypad digits to groups, e.g. {"1": "sales", "0": "everyone"}');
      for (const [key, target] of Object.entries(isObject(raw.menu.options) ? raw.menu.options : {})) {
        const field = `menu.options.${key}`;
        if (!/^[0-9]$/.test(key)) fail(field, `"${key}" is not a keypad digit; use one digit 0–9`);
        else if (typeof target !== 'string' || !(RESERVED.includes(target) || groups.has(target) || (isObject(raw.groups) && target in raw.groups))) {
          fail(field, `${quoted(target)} points nowhere; use a group of "groups" (${[...groups.keys()].join(', ') || 'none yet'}), "${EVERYONE}" or "${VOICEMAIL}"`);
        } else options.set(key, target);
      }
      if (prompt) menu = { prompt, options };
    }
  }

  let hours: Partial<Record<Weekday, DayHours>> | undefined;
  if (raw.hours !== undefined) {
    hours = {};
    if (!isObject(raw.hours)) fail('hours', 'must map weekdays to opening hours, e.g. {"mon": "09:00-17:00"}');
    for (const [day, range] of Object.entries(isObject(raw.hours) ? raw.hours : {})) {
      const field = `hours.${day}`;
      if (!(WEEKDAYS as readonly string[]).includes(day)) {
        fail(field, `"${day}" is not a weekday; use ${WEEKDAYS.join(', ')}`);
        continue;
      }
      const parsed = typeof range === 'string' ? parseRange(range) : undefined;
      if (typeof range !== 'string' || !parsed) fail(field, `must be HH:MM-HH:MM in 24-hour time, e.g. "09:00-17:00", not ${quoted(range)}`);
      else if (parsed.close <= parsed.open) fail(field, `${range} closes before it opens; hours past midnight go on the next day (e.g. "00:00-02:00")`);
      else hours[day as Weekday] = parsed;
    }
  }

  const holidays = new Set<string>();
  if (raw.holidays !== undefined && !Array.isArray(raw.holidays)) fail('holidays', 'must be a list of dates, e.g. ["2026-12-25"]');
  (Array.isArray(raw.holidays) ? raw.holidays : []).forEach((date: unknown, index: number) => {
    if (typeof date === 'string' && isDate(date)) holidays.add(date);
    else fail(`holidays[${index}]`, `must be a date written YYYY-MM-DD, e.g. "2026-12-25", not ${quoted(date)}`);
  });

  const closedMessage = text('closedMessage', raw.closedMessage, DEFAULT_CLOSED_MESSAGE);
  if (problems.length) return { problems };
  return { problems, routing: { timeZone, groups, menu, hours, holidays, closedMessage: closedMessage! } };
}

/** Parses routing.json text; JSON syntax errors are problems too. */
export function parseRouting(json: string, team?: ReadonlySet<string>): { routing?: Routing; problems: RoutingProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { problems: [new RoutingProblem('(file)', `is not valid JSON: ${(error as Error).message}`)] };
  }
  return checkRouting(raw, team);
}

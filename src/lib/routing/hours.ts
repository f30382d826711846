/**
 * Open or closed at an instant, in the routing file's IANA zone. `Intl` applies the zone's
 * daylight-saving rules, so no time-zone library is needed; the instant is a parameter, so tests
 * choose the clock.
 */
import { WEEKDAYS, type Routing, type Weekday } from './file';

/** The wall clock of `zone` at `instant`: local date, weekday and minutes after midnight. */
export function localTime(instant: Date, zone: string): { date: string; weekday: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = WEEKDAYS.find((day) => part('weekday').toLowerCase().startsWith(day));
  if (!weekday) throw new Error(`unexpected weekday "${part('weekday')}"`);
  return { date: `${part('year')}-${part('month')}-${part('day')}`, weekday, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** True when the line is open at `instant`: not a holiday, and inside that weekday's hours (a day not listed is closed). */
export function isOpen(routing: Pick<Routing, 'timeZone' | 'hours' | 'holidays'>, instant: Date): boolean {
  if (!routing.hours && routing.holidays.size === 0) return true;
  const local = localTime(instant, routing.timeZone);
  if (routing.holidays.has(local.date)) return false;
  if (!routing.hours) return true;
  const day = routing.hours[local.weekday];
  return day !== undefined && local.minutes >= day.open && local.minutes < day.close;
}

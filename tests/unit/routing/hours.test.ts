import { checkRouting, type Routing } from '../../../src/lib/routing/file';
import { isOpen, localTime } from '../../../src/lib/routing/hours';

const routing = (raw: object): Routing => {
  const { routing, problems } = checkRouting(raw);
  if (!routing) throw new Error(problems.map((p) => p.message).join('\n'));
  return routing;
};
const at = (iso: string) => new Date(iso);

describe('opening hours', () => {
  const newYork = routing({ timeZone: 'America/New_York', hours: { sun: '09:00-17:00', mon: '09:00-17:00', sat: '09:00-17:00', fri: '09:00-16:00' }, holidays: ['2026-12-25'] });

  it('is always open without hours or holidays', () => {
    expect(isOpen(routing({}), at('2026-12-25T03:00:00Z'))).toBe(true);
  });

  it('opens at the start and closes at the end of the local range (end excluded)', () => {
    // Monday 2026-06-01, EDT (UTC−4): 09:00 local is 13:00Z.
    expect(isOpen(newYork, at('2026-06-01T12:59:59Z'))).toBe(false);
    expect(isOpen(newYork, at('2026-06-01T13:00:00Z'))).toBe(true);
    expect(isOpen(newYork, at('2026-06-01T20:59:00Z'))).toBe(true);
    expect(isOpen(newYork, at('2026-06-01T21:00:00Z'))).toBe(false);
    // Friday closes at 16:00.
    expect(isOpen(newYork, at('2026-06-05T19:59:00Z'))).toBe(true);
    expect(isOpen(newYork, at('2026-06-05T20:00:00Z'))).toBe(false);
  });

  it('is closed on a day not listed, judged by the local date, not UTC’s', () => {
    // Tuesday 2026-06-02 14:00 local: tue is not listed.
    expect(isOpen(newYork, at('2026-06-02T18:00:00Z'))).toBe(false);
    // 2026-06-02T02:00Z is still Monday 22:00 in New York: closed by the hour, not the (UTC) Tuesday.
    expect(localTime(at('2026-06-02T02:00:00Z'), 'America/New_York')).toEqual({ date: '2026-06-01', weekday: 'mon', minutes: 22 * 60 });
  });

  it('follows the spring-forward day in New York (2026-03-08: 02:00 EST → 03:00 EDT)', () => {
    expect(localTime(at('2026-03-08T06:59:00Z'), 'America/New_York')).toMatchObject({ weekday: 'sun', minutes: 1 * 60 + 59 });
    expect(localTime(at('2026-03-08T07:00:00Z'), 'America/New_York')).toMatchObject({ weekday: 'sun', minutes: 3 * 60 });
    // Saturday before: EST, 09:00 is 14:00Z. Sunday: EDT, 09:00 is 13:00Z.
    expect(isOpen(newYork, at('2026-03-07T13:30:00Z'))).toBe(false);
    expect(isOpen(newYork, at('2026-03-07T14:00:00Z'))).toBe(true);
    expect(isOpen(newYork, at('2026-03-08T12:59:00Z'))).toBe(false);
    expect(isOpen(newYork, at('2026-03-08T13:00:00Z'))).toBe(true);
    expect(isOpen(newYork, at('2026-03-08T21:00:00Z'))).toBe(false);
  });

  it('follows the fall-back day in New York (2026-11-01: 02:00 EDT → 01:00 EST)', () => {
    expect(isOpen(newYork, at('2026-11-01T13:30:00Z'))).toBe(false); // 08:30 EST
    expect(isOpen(newYork, at('2026-11-01T14:00:00Z'))).toBe(true); // 09:00 EST
    expect(isOpen(newYork, at('2026-11-01T21:59:00Z'))).toBe(true); // 16:59 EST
    expect(isOpen(newYork, at('2026-11-01T22:00:00Z'))).toBe(false);
    // The repeated hour: 05:30Z and 06:30Z are both 01:30 local.
    expect(localTime(at('2026-11-01T05:30:00Z'), 'America/New_York').minutes).toBe(90);
    expect(localTime(at('2026-11-01T06:30:00Z'), 'America/New_York').minutes).toBe(90);
  });

  it('follows British Summer Time in London (2026-03-29 and 2026-10-25)', () => {
    const london = routing({ timeZone: 'Europe/London', hours: { sun: '09:00-17:00' } });
    expect(isOpen(london, at('2026-03-22T09:00:00Z'))).toBe(true); // GMT
    expect(isOpen(london, at('2026-03-29T08:00:00Z'))).toBe(true); // BST: 09:00 local
    expect(isOpen(london, at('2026-03-29T16:00:00Z'))).toBe(false); // 17:00 BST
    expect(isOpen(london, at('2026-10-25T16:30:00Z'))).toBe(true); // GMT again: 16:30 local
    expect(isOpen(london, at('2026-10-25T08:30:00Z'))).toBe(false); // 08:30 GMT
  });

  it('is closed all day on a holiday, by the local date', () => {
    // Friday 2026-12-25 10:00 EST (15:00Z) would be open on another Friday.
    expect(isOpen(newYork, at('2026-12-18T15:00:00Z'))).toBe(true);
    expect(isOpen(newYork, at('2026-12-25T15:00:00Z'))).toBe(false);
    // 2026-12-26T03:00Z is still the 25th in New York.
    expect(localTime(at('2026-12-26T03:00:00Z'), 'America/New_York').date).toBe('2026-12-25');
    // Holidays without hours: open every other day.
    const holidaysOnly = routing({ timeZone: 'Asia/Tokyo', holidays: ['2027-01-01'] });
    expect(isOpen(holidaysOnly, at('2026-12-31T14:59:00Z'))).toBe(true); // 23:59 on the 31st in Tokyo
    expect(isOpen(holidaysOnly, at('2026-12-31T15:00:00Z'))).toBe(false); // 00:00 on the 1st
  });

  it('may stay open until midnight with 24:00', () => {
    const late = routing({ timeZone: 'UTC', hours: { mon: '18:00-24:00' } });
    expect(isOpen(late, at('2026-06-01T23:59:59Z'))).toBe(true);
    expect(isOpen(late, at('2026-06-02T00:00:00Z'))).toBe(false);
  });
});

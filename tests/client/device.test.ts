import type { Call } from '@twilio/voice-sdk';
import { Line, type LineEvents } from '../../src/client/line/line';
import { deviceOptions } from '../../src/client/line/device-options';
import { callerOf, startOf } from '../../src/client/calls/incoming';
import { lineIsUp, presenceOf, type Presence } from '../../src/client/line/presence';
import { SOUND_NAMES } from '../../src/client/line/sounds';

/**
 * The SDK's Device as far as `Line` uses it: events, registration state, and the incoming sound's
 * switch (`audio.incoming`), which the SDK reads when an invite arrives to decide whether to ring.
 */
jest.mock('@twilio/voice-sdk', () => {
  const { EventEmitter } = jest.requireActual<typeof import('node:events')>('node:events');
  class Device extends EventEmitter {
    static State = { Destroyed: 'destroyed', Unregistered: 'unregistered', Registering: 'registering', Registered: 'registered' };
    state = 'unregistered';
    ringtone = true;
    readonly audio = { incoming: (on?: boolean) => (on === undefined ? this.ringtone : (this.ringtone = on)) };
    readonly unregister = jest.fn();
    register(): Promise<void> {
      this.state = 'registered';
      this.emit('registered');
      return Promise.resolve();
    }
  }
  return { Device };
});

describe('deviceOptions', () => {
  it('points all 15 SDK sounds at our assets and prefers Opus', () => {
    const options = deviceOptions({}, 'https://team.twil.io/assets');
    expect(Object.keys(options.sounds!).sort()).toEqual([...SOUND_NAMES].sort());
    expect(SOUND_NAMES).toHaveLength(15);
    expect(options.sounds!.dtmfh).toBe('https://team.twil.io/assets/sounds/dtmfh.wav');
    expect(options.codecPreferences).toEqual(['opus', 'pcmu']);
    expect(options).not.toHaveProperty('edge');
  });

  it('uses the edge of the token reply and lets the host page add options last', () => {
    const host = { publishEvents: false, edge: 'sydney' };
    expect(deviceOptions({ edge: 'dublin' }, '/assets')).toMatchObject({ edge: 'dublin' });
    expect(deviceOptions({ edge: 'dublin' }, '/assets', host)).toMatchObject(host);
  });
});

describe('presenceOf', () => {
  it('tells connecting from reconnecting', () => {
    expect(presenceOf('registering', true, false)).toBe('connecting');
    expect(presenceOf('registered', true, true)).toBe('registered');
    expect(presenceOf('unregistered', true, true)).toBe('reconnecting');
    expect(presenceOf('registering', true, true)).toBe('reconnecting');
    expect(presenceOf('registered', false, true)).toBe('offline');
    expect(presenceOf('destroyed', true, true)).toBe('offline');
  });

  it('shows Do not disturb while the line is registered (it declines calls), and a lost line as lost', () => {
    expect(presenceOf('registered', true, true, true)).toBe('do-not-disturb');
    expect(presenceOf('unregistered', true, true, true)).toBe('reconnecting');
    expect(presenceOf('registering', true, false, true)).toBe('connecting');
    expect(presenceOf('registered', false, true, true)).toBe('offline');
    expect(presenceOf('destroyed', true, true, true)).toBe('offline');
    expect((['registered', 'do-not-disturb'] as Presence[]).every(lineIsUp)).toBe(true);
    expect((['offline', 'connecting', 'reconnecting'] as Presence[]).some(lineIsUp)).toBe(false);
  });
});

describe('Line with Do not disturb', () => {
  /** A Line on the fake Device, with what it told the page. */
  function line() {
    Object.assign(globalThis, { location: { href: 'https://team.twil.io/' }, window: {} });
    const told = { presence: [] as Presence[], incoming: [] as Call[] };
    const events: LineEvents = { onPresence: (p) => told.presence.push(p), onIncoming: (c) => told.incoming.push(c), onError: () => undefined, onTokenWillExpire: () => undefined };
    const subject = new Line({ identity: 'bob', token: 'jwt', expiresAt: '', sessionExpiresAt: '', team: [], allowedCountries: [], teamNumber: '' }, events);
    const device = subject.device as unknown as { ringtone: boolean; unregister: jest.Mock; emit(event: string, call: unknown): void };
    const invite = () => {
      const call = { reject: jest.fn() };
      device.emit('incoming', call);
      return call;
    };
    return { subject, device, told, invite };
  }

  it('stays registered and declines every call at once, without a ringtone, before the page sees it', async () => {
    const { subject, device, told, invite } = line();
    subject.setDoNotDisturb(true);
    await subject.register();
    const calls = [invite(), invite()];
    expect(calls.map((call) => call.reject.mock.calls.length)).toEqual([1, 1]);
    expect(told.incoming).toHaveLength(0);
    expect(device.ringtone).toBe(false);
    expect(device.unregister).not.toHaveBeenCalled();
    expect(told.presence.at(-1)).toBe('do-not-disturb');
  });

  it('rings again at once when switched off, with no new registration', async () => {
    const { subject, device, told, invite } = line();
    await subject.register();
    subject.setDoNotDisturb(true);
    subject.setDoNotDisturb(false);
    const call = invite();
    expect(call.reject).not.toHaveBeenCalled();
    expect(told.incoming).toEqual([call]);
    expect(device.ringtone).toBe(true);
    expect(told.presence.at(-1)).toBe('registered');
  });
});

describe('callerOf', () => {
  it('shows a teammate by identity and a phone caller by the ring group’s number', () => {
    expect(callerOf('client:bob', new Map())).toEqual({ peer: 'bob', teammate: true, details: new Map() });
    const params = new Map([
      ['callerNumber', '+14155550123'],
      ['callerLocation', 'San Francisco, CA, US'],
    ]);
    expect(callerOf('+14155550123', params)).toEqual({ peer: '+14155550123', teammate: false, details: params });
    expect(callerOf(undefined, new Map())).toMatchObject({ peer: '?' });
  });

  it('starts a consultation with the teammate who consults, about the caller of the call', () => {
    const consulting = callerOf(
      'client:alice',
      new Map([
        ['consultedBy', 'alice'],
        ['callerNumber', '+14155550123'],
      ]),
    );
    expect(startOf(consulting)).toEqual({ peer: 'alice', caller: '+14155550123', consultedBy: 'alice' });
    expect(startOf(callerOf('client:alice', new Map()))).toEqual({ peer: 'alice', caller: 'alice', consultedBy: undefined });
  });
});

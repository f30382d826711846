import { deviceOptions } from '../../src/client/device-options';
import { callerOf } from '../../src/client/incoming';
import { presenceOf } from '../../src/client/presence';
import { SOUND_NAMES } from '../../src/client/sounds';

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

  it('shows Do not disturb, not a connection problem, while the line is unregistered on purpose', () => {
    expect(presenceOf('unregistered', true, true, true)).toBe('do-not-disturb');
    expect(presenceOf('unregistered', true, false, true)).toBe('do-not-disturb');
    expect(presenceOf('unregistered', false, true, true)).toBe('offline');
    expect(presenceOf('destroyed', true, true, true)).toBe('offline');
  });
});

describe('callerOf', () => {
  it('shows a teammate by identity and a phone caller by the ring group’s number', () => {
    expect(callerOf('client:bob', new Map())).toEqual({ peer: 'bob', teammate: true, details: [] });
    const params = new Map([['callerNumber', '+14155550123'], ['callerLocation', 'San Francisco, CA, US']]);
    expect(callerOf('+14155550123', params)).toEqual({ peer: '+14155550123', teammate: false, details: [...params] });
    expect(callerOf(undefined, new Map())).toMatchObject({ peer: '?' });
  });
});

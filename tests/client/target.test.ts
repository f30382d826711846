import * as policy from '../../src/client/number-policy';
import { resolveTarget } from '../../src/client/target';

const team = ['alice', 'bob_smith'];
const resolve = (text: string, allowed = ['US', 'CA']) => resolveTarget(text, team, allowed, '+14155550100', policy);

describe('resolveTarget', () => {
  it('finds teammates by name, ignoring case and spaces', () => {
    expect(resolve('  Bob_Smith ')).toEqual({ kind: 'teammate', to: 'bob_smith' });
  });

  it('accepts numbers in the usual formats and normalises them to E.164', () => {
    for (const text of ['+1 415 555 0123', '(415) 555-0123', '415.555.0123', '+14155550123', '1-415-555-0123']) {
      expect(resolve(text)).toEqual({ kind: 'phone', to: '+14155550123' });
    }
  });

  it('refuses before the call what /voice would refuse', () => {
    expect(resolve('555')).toEqual({ kind: 'refused', code: 'SB_NUMBER_INVALID' });
    expect(resolve('+44 20 7946 0958')).toEqual({ kind: 'refused', code: 'SB_NUMBER_COUNTRY' });
    expect(resolve('+1 900 555 0123')).toEqual({ kind: 'refused', code: 'SB_NUMBER_TYPE' });
    expect(resolve('dave')).toEqual({ kind: 'refused', code: 'SB_TEAMMATE' });
    expect(resolve('   ')).toBeUndefined();
  });

  it('formats as you type in the team’s country', () => {
    expect(policy.formatAsYouType('4155550', 'US')).toBe('(415) 555-0');
    expect(policy.formatAsYouType('+4420794', 'US')).toBe('+44 20 794');
  });
});

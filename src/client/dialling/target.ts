/** Turns what a person typed into whom to call: a teammate, a vetted phone number, or a refusal. */
import type { CountryCode } from 'libphonenumber-js';
import type { NumberPolicy } from './number-policy';

/** Whom a call goes to, or why it may not be placed. */
export type Target = { kind: 'teammate'; to: string } | { kind: 'phone'; to: string } | { kind: 'refused'; code: 'SB_NUMBER_INVALID' | 'SB_NUMBER_COUNTRY' | 'SB_NUMBER_TYPE' | 'SB_TEAMMATE' };

/** The parts of the number-policy chunk that decide a target. */
export type Policy = Pick<NumberPolicy, 'decideDial' | 'countryOf' | 'looksLikePhoneNumber'>;

const REFUSALS = { invalid: 'SB_NUMBER_INVALID', country: 'SB_NUMBER_COUNTRY', type: 'SB_NUMBER_TYPE' } as const;

/**
 * A teammate's identity (case-insensitive) wins; otherwise the text must be a number the team's
 * policy accepts. National formats are read in the country of the team's own number.
 */
export function resolveTarget(input: string, team: readonly string[], allowedCountries: readonly string[], teamNumber: string, policy: Policy): Target | undefined {
  const text = input.trim();
  if (!text) return undefined;
  const teammate = team.find((identity) => identity.toLowerCase() === text.toLowerCase());
  if (teammate) return { kind: 'teammate', to: teammate };
  if (!policy.looksLikePhoneNumber(text)) return { kind: 'refused', code: 'SB_TEAMMATE' };
  const decision = policy.decideDial(text, allowedCountries as CountryCode[], policy.countryOf(teamNumber));
  return decision.ok ? { kind: 'phone', to: decision.e164 } : { kind: 'refused', code: REFUSALS[decision.reason] };
}

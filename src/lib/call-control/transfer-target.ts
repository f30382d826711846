import type { Config } from '../config/config';
import { CLIENT_PREFIX } from '../runtime/event';
import { countryOf, decideDial, looksLikePhoneNumber } from '../numbers/full-metadata';
import { ControlRefusal } from './control-refusal';

/** Whom a transfer or consultation is for: a teammate, or a number the dialling policy allows. */
export type ResolvedTarget = { identity: string } | { e164: string };

const NUMBER_REFUSALS = { invalid: 'SB_NUMBER_INVALID', country: 'SB_NUMBER_COUNTRY', type: 'SB_NUMBER_TYPE' } as const;

/**
 * What the page typed or picked, checked before any REST request: a current teammate other than
 * `self`, or a phone number through the same dialling policy as calls out (numbers/full-metadata.ts).
 */
export function resolveTarget(raw: string, self: string, config: Pick<Config, 'team' | 'allowedCountries' | 'callerId'>): ResolvedTarget {
  const target = raw.trim().replace(new RegExp(`^${CLIENT_PREFIX}`), '');
  if (config.team.has(target)) {
    if (target === self) throw new ControlRefusal(409, 'SB_TARGET_SELF');
    return { identity: target };
  }
  if (!looksLikePhoneNumber(target)) throw new ControlRefusal(409, 'SB_TEAMMATE');
  const decision = decideDial(target, config.allowedCountries, countryOf(config.callerId));
  if (!decision.ok) throw new ControlRefusal(409, NUMBER_REFUSALS[decision.reason]);
  return { e164: decision.e164 };
}

/**
 * The dialling policy chunk, loaded after registration: number metadata of the numbering zones
 * the team needs (its allowed countries and its own number) and nothing else. Each zone is a
 * chunk of its own, made by build/build.ts from libphonenumber-js's full metadata.
 */
import type { MetadataJson } from 'libphonenumber-js';
import codes from 'phone-zone:codes';
import { mergeMetadata, zonesFor } from '../../lib/numbers/phone-zones';
import { numberPolicy, type NumberPolicy } from './number-policy';

type Zone = Promise<{ default: MetadataJson }>;

/** One dynamic import per zone, spelled out so the bundler makes each a chunk. */
const ZONES: Readonly<Record<string, () => Zone>> = {
  1: () => import('phone-zone:1'),
  2: () => import('phone-zone:2'),
  3: () => import('phone-zone:3'),
  4: () => import('phone-zone:4'),
  5: () => import('phone-zone:5'),
  6: () => import('phone-zone:6'),
  7: () => import('phone-zone:7'),
  8: () => import('phone-zone:8'),
  9: () => import('phone-zone:9'),
};

/** The policy of a team that may call `allowedCountries` from `teamNumber`. */
export async function loadNumberPolicy(allowedCountries: readonly string[], teamNumber: string): Promise<NumberPolicy> {
  const zones = await Promise.all(zonesFor(allowedCountries, teamNumber, codes).map((zone) => ZONES[zone]()));
  return numberPolicy(mergeMetadata(zones.map((zone) => zone.default)), codes);
}

/**
 * The one way tests run a fast-check property: the seed is chosen here and printed whether the
 * property holds or not, so any run (a green one included) can be replayed with `FC_SEED=<seed>`.
 */
import fc from 'fast-check';
import { randomInt } from 'node:crypto';

/** The seed for this run: `FC_SEED` when set (to replay a run), a fresh random one otherwise. */
function chooseSeed(): number {
  const given = process.env.FC_SEED;
  if (given === undefined) return randomInt(-(2 ** 31), 2 ** 31);
  if (!/^-?\d+$/.test(given)) throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(given)}`);
  return Number(given);
}

/**
 * Asserts `property` like `fc.assert` with `params`, and logs `name`, the seed and the outcome.
 * Replay with `FC_SEED=<seed> npx jest <file> -t '<test name>'`.
 */
export async function checkProperty<Ts>(name: string, property: fc.IAsyncProperty<Ts>, params: Omit<fc.Parameters<Ts>, 'seed'> = {}): Promise<void> {
  const seed = chooseSeed();
  let outcome = 'failed';
  try {
    await fc.assert(property, { ...params, seed });
    outcome = 'passed';
  } finally {
    console.log(`fast-check "${name}" ${outcome} with seed ${seed} (replay: FC_SEED=${seed})`);
  }
}

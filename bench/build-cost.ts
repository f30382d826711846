/**
 * Figure "build": `npm run build` wall time over several runs, and the size of each built
 * Function (what Twilio uploads and loads on a cold start).
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../build/build';
import { againstLimit, type Figure } from './report';
import { elapsedMs, repeatUntilSettled, summarize, type Repetitions } from './stats';

/** How often to build, and where. */
export interface BuildCostOptions {
  /** Builds, until the median wall time is stable. */
  runs: Repetitions;
  /** The project to build; a copy keeps a smoke test from replacing the dist/ others are using. */
  root?: string;
}

const GOAL_SECONDS = 10;

/** Build wall time against its goal, then one row per Function bundle with its size. */
export async function measureBuild({ runs, root = ROOT }: BuildCostOptions): Promise<Figure[]> {
  const seconds: number[] = [];
  await repeatUntilSettled(runs, async () => {
    const start = process.hrtime.bigint();
    await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: root });
    seconds.push(elapsedMs(start) / 1000);
    return [seconds];
  });
  const functions = join(root, 'dist', 'functions');
  const bundles = readdirSync(functions)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file): Figure => {
      const bytes = statSync(join(functions, file)).size;
      return { name: `bundle ${file}`, unit: 'B', value: summarize([bytes]), goal: '—' };
    });
  return [againstLimit('npm run build, wall time', 's', summarize(seconds), '<', GOAL_SECONDS), ...bundles];
}

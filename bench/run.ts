/**
 * `npm run bench` (after `npm run build`): measures the figures of bench/README.md, prints one table
 * and writes bench/results.json. Missing a goal never fails the run: regressions are read from
 * the table. A section that cannot run is listed as not measured, with the reason.
 */
import { join } from 'node:path';
import { measureBuild } from './build-cost';
import { measureCapacity } from './capacity';
import { measureFunctionCost } from './function-cost';
import { measureMedia } from './media';
import { measurePage } from './page';
import { measureRecording } from './recording';
import { measureTeamState } from './team-state';
import { measureTransfer } from './transfer';
import { formatMachine, formatTable, machine, notMeasured, writeResults, type Figure } from './report';

interface Section {
  title: string;
  run(): Promise<Figure[]>;
  /** The goals, shown in the row that says the section could not be measured. */
  goal: string;
}

/**
 * Each figure is repeated until its median is known to the precision shown (the half-width of
 * its 95 % confidence interval, stats.ts), between a floor that gives the p95 some meaning and
 * the ceiling the bench used to run every time: a quiet machine stops early, a busy one does not.
 */
const SECTIONS: Section[] = [
  {
    title: 'Function cost',
    goal: '≤ 1.3× baseline',
    run: () => measureFunctionCost({ rounds: { min: 20, max: 60, precision: 0.03 }, coldStarts: { min: 5, max: 10, precision: 0.05 }, warmupMs: 1000 }),
  },
  { title: 'build', goal: '< 10 s', run: () => measureBuild({ runs: { min: 3, max: 5, precision: 0.05 } }) },
  {
    title: 'simulator capacity',
    goal: '≥ 1,000 registered, ≥ 200 calls, p99 < 50 ms',
    run: () => measureCapacity({ runs: { min: 2, max: 3, precision: 0.1 }, clients: 1000, calls: 200, connectsPerSecond: 250, callsPerSecond: 50 }),
  },
  { title: 'media plane', goal: '≥ 50 calls at 0 % loss, p99 < 20 ms, < 300 ms', run: () => measureMedia({ calls: [25, 50, 75, 100], seconds: 10 }) },
  {
    title: 'page',
    goal: '≤ 70 KB, ≤ 100 KB, < 300 ms, < 150 ms, < 1 s, < 300 ms, < 500 ms',
    run: () => measurePage({ repetitions: { min: 5, max: 10, precision: 0.1 } }),
  },
  { title: 'hold and transfer', goal: '< 1 s, < 500 ms', run: () => measureTransfer({ rounds: { min: 5, max: 10, precision: 0.15 } }) },
  {
    title: 'team state',
    goal: '≤ 250 and ≤ 70 invocations an hour (visible, hidden), a change shown within 15 s',
    run: () => measureTeamState({ idleMinutes: 60, rounds: 10 }),
  },
  { title: 'call recording', goal: '< 1 s, < 1 s, < 1 s, < 50 %', run: () => measureRecording({ rounds: { min: 5, max: 10, precision: 0.15 } }) },
];

// Benchmarks keep every media packet on 127.0.0.1, as the tests do (docs/simulator-media.md).
process.env.SIM_MEDIA_LOOPBACK ??= '1';

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const host = machine();
  const figures: Figure[] = [];
  for (const section of SECTIONS) {
    const sectionStart = Date.now();
    process.stderr.write(`bench: ${section.title}… `);
    try {
      figures.push(...(await section.run()));
      process.stderr.write(`${((Date.now() - sectionStart) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      process.stderr.write(`failed: ${(error as Error).message}\n`);
      figures.push(notMeasured(section.title, '', section.goal, (error as Error).message.split('\n')[0]));
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const resultsFile = join(__dirname, 'results.json');
  const measuredOn = host.finish();
  writeResults(resultsFile, figures, seconds, measuredOn);
  console.log(formatTable(figures));
  console.log(`\nMeasured on ${formatMachine(measuredOn)}.`);
  console.log(`${figures.length} figures in ${seconds.toFixed(0)} s; written to bench/results.json`);
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});

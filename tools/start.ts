/**
 * `npm start`: builds, then
 * - without real credentials in .env: the demo — the local Twilio simulator in front of the real
 *   Functions, a demo team (alice, bob, carol) and a demo team number, all on one URL; the demo
 *   account and its records live in the state folder (`.sim-state/`, or `SIM_STATE_DIR`) across
 *   restarts, and `--fresh` deletes it first;
 * - with real credentials (ACCOUNT_SID/AUTH_TOKEN in .env): `twilio-run start` on dist/.
 * `PORT` (default 3000), `DEMO_PASSCODE` and the variables of README "Configuration" given in the environment
 * override the demo's defaults. `--env <file>` reads another .env; `--no-build` skips the build.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CONFIG_VARIABLES, readConfig } from '../src/lib/config/config';
import { build, ROOT } from '../build/build';
import { EnvFile } from '../build/env-file';
import { readRoutingFile, ROUTING_FILE, routingSummary } from '../build/routing-build';
import { DEMO_PHONE_NUMBER } from '../simulator/demo-config';
import { startSimulator, type Simulator } from '../simulator';
import { StateFolder } from '../simulator/state/state-folder';

const DEFAULT_PORT = 3000;
/** Where the demo keeps its account and records (git-ignored). */
export const DEFAULT_STATE_FOLDER = join(ROOT, '.sim-state');

export type StartPlan = { mode: 'demo'; port: number; overrides: Record<string, string>; passcode?: string; stateFolder: string } | { mode: 'twilio'; port: number; envPath: string };

/**
 * Decides what `npm start` runs from the shell environment and the .env file's variables, or
 * lists what is wrong (each problem names its variable).
 */
export function planStart(shell: Readonly<Record<string, string | undefined>>, dotEnv: Readonly<Record<string, string>>, envPath: string): { plan?: StartPlan; problems: string[] } {
  const problems: string[] = [];
  const rawPort = shell.PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) problems.push(`PORT: must be a whole number from 1 to 65535, not "${rawPort}"`);

  if (dotEnv.ACCOUNT_SID?.trim() || dotEnv.AUTH_TOKEN?.trim()) {
    const { problems: configProblems, config } = readConfig(dotEnv);
    problems.push(...configProblems.filter((p) => !config || p.variable !== 'TEAM').map((p) => p.message));
    if (!dotEnv.AUTH_TOKEN?.trim()) problems.push('AUTH_TOKEN: is missing (Console → Account → API keys & tokens)');
    return problems.length ? { problems } : { plan: { mode: 'twilio', port, envPath }, problems };
  }

  const overrides: Record<string, string> = {};
  for (const name of [...CONFIG_VARIABLES, 'AUTH_TOKEN']) {
    const value = shell[name]?.trim();
    if (value) overrides[name] = value;
  }
  const passcode = shell.DEMO_PASSCODE;
  if (passcode !== undefined && !passcode.trim()) problems.push('DEMO_PASSCODE: is empty; leave it unset for random passcodes');
  const stateFolder = shell.SIM_STATE_DIR?.trim() ? resolve(shell.SIM_STATE_DIR.trim()) : DEFAULT_STATE_FOLDER;
  return problems.length ? { problems } : { plan: { mode: 'demo', port, overrides, passcode: passcode || undefined, stateFolder }, problems };
}

/** What the person who ran `npm start` needs to know to make a call. */
export function demoInstructions(sim: Simulator, passcodeFromEnv: boolean): string {
  const phone = `${sim.url}/__sim/phone?number=${encodeURIComponent(DEMO_PHONE_NUMBER)}`;
  const width = Math.max(...sim.team.map((identity) => identity.length));
  const members = Object.keys(sim.passcodes).length
    ? sim.team.map((identity) => `    ${identity.padEnd(width)}  ${sim.passcodes[identity] ?? '(your own passcode)'}`)
    : ['    (TEAM comes from your environment: use its passcodes)'];
  return [
    '',
    'Switchboard is running in demo mode: no Twilio account needed, calls stay on this computer.',
    '',
    `  1. Open ${sim.url} in two browser tabs.`,
    `  2. Sign in as ${sim.team[0]} in one tab and ${sim.team[1] ?? sim.team[0]} in the other.`,
    `  3. Call ${sim.team[1] ?? sim.team[0]} from ${sim.team[0]}'s tab and accept in the other.`,
    '',
    `  Demo team (identity, passcode${passcodeFromEnv ? ' from DEMO_PASSCODE' : ''}):`,
    ...members,
    '',
    `  Team number ${sim.teamNumber}: a simulated phone can call it (and be called) at`,
    `    ${phone}`,
    `  Call log with every webhook, its TwiML and the call's events: ${sim.url}/__sim/calls`,
    `  Twilio's REST API (Calls, Recordings, Conferences), e.g. the call history:`,
    `    curl -u ${sim.env.ACCOUNT_SID}:${sim.env.AUTH_TOKEN} ${sim.url}/2010-04-01/Accounts/${sim.env.ACCOUNT_SID}/Calls.json`,
    ...(sim.env.SYNC_SERVICE_SID
      ? [
          `  Twilio Sync (the team's shared state), e.g. the demo Service's Documents:`,
          `    curl -u ${sim.env.ACCOUNT_SID}:${sim.env.AUTH_TOKEN} ${sim.url}/v1/Services/${sim.env.SYNC_SERVICE_SID}/Documents`,
        ]
      : []),
    '',
    ...(sim.stateFolder ? [`  Calls, voicemails and this account are kept in ${sim.stateFolder} (npm start -- --fresh starts afresh).`, ''] : []),
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

/**
 * What the demo does with the project's routing.json (the build put it in dist/): a summary, and
 * the names it gives that the demo team lacks (calls skip them).
 */
export function demoRoutingNote(root: string, team: readonly string[]): string | undefined {
  const file = readRoutingFile(root);
  if (!file) return undefined;
  const strangers = [...new Set([...file.routing.groups.values()].flat())].filter((identity) => !team.includes(identity));
  const skipped = strangers.length ? `; not on the demo team, so never rung: ${strangers.join(', ')}` : '';
  return `  Call routing: ${ROUTING_FILE} (${routingSummary(file.routing)})${skipped}`;
}

async function runDemo(plan: Extract<StartPlan, { mode: 'demo' }>, fresh: boolean): Promise<void> {
  if (fresh) {
    StateFolder.erase(plan.stateFolder);
    console.log(`Starting afresh: ${plan.stateFolder} was deleted.`);
  }
  const sim = await startSimulator({
    port: plan.port,
    env: plan.overrides,
    passcode: plan.passcode,
    stateFolder: plan.stateFolder,
    log: (line) => console.log(`  [call] ${line}`),
  });
  console.log(demoInstructions(sim, plan.passcode !== undefined));
  const routing = demoRoutingNote(ROOT, sim.team);
  if (routing) console.log(`${routing}\n`);
  const stop = () => {
    console.log('\nStopping…');
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function runTwilio(plan: Extract<StartPlan, { mode: 'twilio' }>): void {
  console.log(`Using the Twilio credentials in ${plan.envPath}: twilio-run serves the Functions and the page at http://localhost:${plan.port}`);
  console.log('(Twilio itself cannot reach this computer: deploy with `npm run deploy` to take real calls.)\n');
  // Run twilio-run's own script with node, not through npx, so stopping it really stops it (docs/twilio-runtime.md).
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'), 'start', '--no-fork-process', '--no-live', '--port', String(plan.port), '--env', plan.envPath],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
}

async function main(args: string[]): Promise<void> {
  const envFlag = args.indexOf('--env');
  const envPath = envFlag >= 0 && args[envFlag + 1] ? args[envFlag + 1] : join(ROOT, '.env');
  const { plan, problems } = planStart(process.env, EnvFile.load(envPath).entries(), envPath);
  if (!plan) {
    console.error(`Cannot start: the configuration needs fixing\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  if (!args.includes('--no-build')) {
    const started = Date.now();
    try {
      await build();
    } catch (error) {
      // e.g. a routing.json with problems: each is named with its field.
      console.error(`Cannot start: ${(error as Error).message}`);
      process.exit(1);
    }
    console.log(`Built dist/ in ${Date.now() - started} ms`);
  }
  if (plan.mode === 'twilio') return runTwilio(plan);
  try {
    await runDemo(plan, args.includes('--fresh'));
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(inUse ? `Cannot start: port ${plan.port} is in use; set PORT to another port, e.g. PORT=3001 npm start` : `Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

if (require.main === module) void main(process.argv.slice(2));

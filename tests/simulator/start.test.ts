/**
 * `npm start`: what it decides to run from the environment and .env, and the real thing — the
 * demo on PORT with DEMO_PASSCODE, twilio-run with real credentials, clean Ctrl-C, clear errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../build/build';
import { freePort } from '../../build/local-runtime';
import { DEFAULT_STATE_FOLDER, planStart } from '../../tools/start';
import { readConfig } from '../../src/lib/config/config';
import { verifyPasscode } from '../../src/lib/config/passcodes';
import { demoConfig } from '../../simulator/demo-config';
import { until } from '../support/until';

const hex = (n: number) => 'a'.repeat(n);
const HASH = `scrypt$${'A'.repeat(22)}$${'B'.repeat(43)}`;
const REAL_ENV = {
  ACCOUNT_SID: `AC${hex(32)}`,
  AUTH_TOKEN: 'secret',
  API_KEY: `SK${hex(32)}`,
  API_SECRET: 'api-secret',
  TWIML_APP_SID: `AP${hex(32)}`,
  CALLER_ID: '+14155550100',
  TEAM: `alice:${HASH}`,
};

describe('demoConfig', () => {
  test('a valid configuration whose TEAM hashes match the printed passcodes; secrets differ each time', async () => {
    const [one, two] = await Promise.all([demoConfig(), demoConfig()]);
    const { config, problems } = readConfig(one.env);
    expect(problems).toEqual([]);
    expect([...config!.team.keys()]).toEqual(['alice', 'bob', 'carol']);
    for (const identity of ['alice', 'bob', 'carol']) {
      expect(await verifyPasscode(one.passcodes[identity], config!.team.get(identity))).toBe(true);
      expect(one.passcodes[identity]).not.toBe(two.passcodes[identity]);
    }
    for (const name of ['ACCOUNT_SID', 'AUTH_TOKEN', 'API_KEY', 'API_SECRET', 'TWIML_APP_SID']) expect(one.env[name]).not.toBe(two.env[name]);
  });

  test('overrides win; one passcode for all; a TEAM of your own leaves no demo passcodes', async () => {
    const shared = await demoConfig({ TOKEN_TTL: '30', CALLER_ID: '+14155550111' }, 'sesame123');
    expect(shared.env).toMatchObject({ TOKEN_TTL: '30', CALLER_ID: '+14155550111' });
    expect(new Set(Object.values(shared.passcodes))).toEqual(new Set(['sesame123']));
    expect((await demoConfig({ TEAM: `dave:${HASH}` })).passcodes).toEqual({});
  });
});

describe('planStart', () => {
  test('no credentials in .env → the demo on port 3000 with random passcodes, its state in .sim-state/', () => {
    expect(planStart({}, {}, '.env')).toEqual({ plan: { mode: 'demo', port: 3000, overrides: {}, passcode: undefined, stateFolder: join(ROOT, '.sim-state') }, problems: [] });
    expect(DEFAULT_STATE_FOLDER).toBe(join(ROOT, '.sim-state'));
  });

  test('PORT, DEMO_PASSCODE, SIM_STATE_DIR and configuration variables from the environment override the demo', () => {
    const { plan } = planStart(
      { PORT: '4100', DEMO_PASSCODE: 'opensesame', TOKEN_TTL: '30', RING_TIMEOUT: '8', FORWARD_TO: '+14155550199', HOME: '/root', SIM_STATE_DIR: '/tmp/demo-state' },
      {},
      '.env',
    );
    expect(plan).toEqual({ mode: 'demo', port: 4100, passcode: 'opensesame', overrides: { TOKEN_TTL: '30', RING_TIMEOUT: '8', FORWARD_TO: '+14155550199' }, stateFolder: '/tmp/demo-state' });
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DEMO_PASSCODE: ' ' }, 'DEMO_PASSCODE'],
  ])('%j → a problem naming %s', (shell, variable) => {
    const { plan, problems } = planStart(shell, {}, '.env');
    expect(plan).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${variable}: `))]);
  });

  test('real credentials in .env → twilio-run with that file', () => {
    expect(planStart({ PORT: '4200' }, REAL_ENV, '/x/.env').plan).toEqual({ mode: 'twilio', port: 4200, envPath: '/x/.env' });
  });

  test('real but incomplete credentials → every missing variable is named', () => {
    const { plan, problems } = planStart({}, { ACCOUNT_SID: REAL_ENV.ACCOUNT_SID }, '.env');
    expect(plan).toBeUndefined();
    for (const name of ['API_KEY', 'API_SECRET', 'TWIML_APP_SID', 'CALLER_ID', 'TEAM', 'AUTH_TOKEN']) {
      expect(problems.some((p) => p.startsWith(`${name}: `))).toBe(true);
    }
  });
});

describe('npm start as a process', () => {
  const running: ChildProcess[] = [];

  /**
   * Runs tools/start.ts in its own process group (so we can check nothing is left behind), with a
   * state folder of its own: never the demo's .sim-state/.
   */
  function start(env: Record<string, string>, envFile: string, flags: string[] = []): { child: ChildProcess; output: () => string } {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', 'start.ts'), '--env', envFile, '--no-build', ...flags], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, SIM_STATE_DIR: mkdtempSync(join(tmpdir(), 'switchboard-state-')), ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    return { child, output: () => text };
  }

  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
  const groupAlive = (pid: number) => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const answers = (url: string) =>
    fetch(url).then(
      () => true,
      () => false,
    );

  function emptyEnvFile(text = ''): string {
    const path = join(mkdtempSync(join(tmpdir(), 'switchboard-start-')), '.env');
    writeFileSync(path, text);
    return path;
  }

  afterAll(() => {
    for (const child of running) if (child.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  });

  test('demo: prints URL, passcodes and steps; serves page, Functions and simulator on PORT; Ctrl-C stops everything', async () => {
    const port = await freePort();
    const { child, output } = start({ PORT: String(port), DEMO_PASSCODE: 'letmein123' }, emptyEnvFile());
    await until(() => output().includes('Press Ctrl-C'), 'the instructions', 30_000);
    const url = `http://localhost:${port}`;
    expect(output()).toContain(`Open ${url} in two browser tabs`);
    expect(output()).toMatch(/alice\s+letmein123/);
    expect(output()).toContain(`${url}/__sim/phone?number=%2B14155550123`);
    expect(await (await fetch(`${url}/__sim/config`)).json()).toMatchObject({ teamNumber: '+14155550100', team: ['alice', 'bob', 'carol'] });
    const token = await fetch(`${url}/token`, { headers: { Authorization: `Basic ${Buffer.from('bob:letmein123').toString('base64')}` } });
    expect(token.status).toBe(200);
    // The printed curl line reaches the REST API with the demo's credentials.
    const curl = /curl -u (AC[0-9a-f]{32}):([0-9a-f]{32}) (\S+)/.exec(output());
    expect(curl?.[3]).toBe(`${url}/2010-04-01/Accounts/${curl?.[1]}/Calls.json`);
    const history = await fetch(curl![3], { headers: { Authorization: `Basic ${Buffer.from(`${curl![1]}:${curl![2]}`).toString('base64')}` } });
    expect(await history.json()).toMatchObject({ calls: [], page: 0 });
    // And the printed Sync line reaches the demo's Sync Service.
    const sync = new RegExp(`curl -u \\S+ (${url}/v1/Services/IS[0-9a-f]{32}/Documents)`).exec(output());
    const documents = await fetch(sync![1], { headers: { Authorization: `Basic ${Buffer.from(`${curl![1]}:${curl![2]}`).toString('base64')}` } });
    expect(await documents.json()).toMatchObject({ documents: [], meta: { key: 'documents', page: 0 } });

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    await until(() => !groupAlive(child.pid!), 'twilio-run to exit with it', 5000);
    expect(await answers(url)).toBe(false);
  });

  test('a restart keeps the demo account and its passcodes; --fresh starts a new account', async () => {
    const state = mkdtempSync(join(tmpdir(), 'switchboard-state-'));
    const run = async (flags: string[] = []) => {
      const port = await freePort();
      const { child, output } = start({ PORT: String(port), SIM_STATE_DIR: state }, emptyEnvFile(), flags);
      await until(() => output().includes('Press Ctrl-C'), 'the instructions', 30_000);
      const config = await (await fetch(`http://localhost:${port}/__sim/config`)).json();
      child.kill('SIGINT');
      expect(await exited(child)).toBe(0);
      return { output: output(), accountSid: config.accountSid as string, passcode: /^ +alice +(\S+)$/m.exec(output())?.[1] };
    };
    const first = await run();
    expect(first.passcode).toMatch(/^[a-z0-9]{12}$/);
    expect(first.output).toContain(`Calls, voicemails and this account are kept in ${state} (npm start -- --fresh starts afresh)`);
    const second = await run();
    expect([second.accountSid, second.passcode]).toEqual([first.accountSid, first.passcode]);
    const fresh = await run(['--fresh']);
    expect(fresh.output).toContain(`Starting afresh: ${state} was deleted.`);
    expect(fresh.accountSid).not.toBe(first.accountSid);
    expect(fresh.passcode).not.toBe(first.passcode);
  }, 90_000);

  test('malformed configuration: a clear message naming the variable, no stack trace', async () => {
    const { child, output } = start({ PORT: String(await freePort()), TOKEN_TTL: 'forever' }, emptyEnvFile());
    expect(await exited(child)).toBe(1);
    expect(output()).toContain('TOKEN_TTL: must be a whole number of seconds');
    expect(output()).not.toMatch(/\n\s+at /);
  });

  test('real credentials in .env: runs twilio-run on PORT, and Ctrl-C stops it', async () => {
    const port = await freePort();
    const envFile = emptyEnvFile(
      Object.entries(REAL_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    const { child, output } = start({ PORT: String(port) }, envFile);
    const url = `http://localhost:${port}`;
    await until(() => answers(`${url}/token`), 'twilio-run to answer', 30_000);
    expect(output()).toContain('Using the Twilio credentials in');
    expect((await fetch(`${url}/__sim/config`)).status).toBe(404); // no simulator in front
    child.kill('SIGINT');
    await exited(child);
    await until(() => !groupAlive(child.pid!), 'twilio-run to exit', 5000);
    expect(await answers(`${url}/token`)).toBe(false);
  });
});

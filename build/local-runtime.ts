/**
 * Starts the real local Twilio runtime (`twilio-run start`) on dist/, as the simulator, the tests
 * and the benchmarks use it: one process, no fork per request, no live reload (docs/twilio-runtime.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './build';

export interface LocalRuntime {
  /** e.g. http://localhost:4321 — the DOMAIN_NAME the Functions see is its host part. */
  readonly url: string;
  readonly port: number;
  /** Everything the runtime printed (Function logs included), in order. */
  readonly output: string[];
  /** How the process ended ("code 1", "signal SIGKILL"), or undefined while it runs. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `.env` text for a set of variables (values quoted so `$` and `,` survive). */
export function envFileText(env: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(env)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join('\n');
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/**
 * Where the Functions' REST API traffic goes (the simulator's interception proxy, docs/twilio-runtime.md):
 * the `twilio` client tunnels through `HTTP_PROXY` and trusts the proxy's CA through
 * `NODE_EXTRA_CA_CERTS`, which Node reads only at process start.
 */
export interface RestProxySettings {
  /** e.g. http://127.0.0.1:4322 */
  url: string;
  /** PEM file of the CA that signed the proxy's certificate. */
  caFile: string;
}

export interface RuntimeOptions {
  /** Default: a free loopback port. */
  port?: number;
  /** Sends the Functions' REST API requests to the simulator instead of Twilio. */
  restProxy?: RestProxySettings;
  /** Serves Functions from another folder than dist/functions. */
  functionsFolder?: string;
  /** Serves assets from another folder than dist/assets (e.g. one holding a routing.private.json). */
  assetsFolder?: string;
  /** The project whose build is served (default: this one). */
  root?: string;
}

/**
 * Starts twilio-run with exactly `env` as its environment file and waits until it answers. It
 * serves the build of the project in `root` (this project unless told otherwise).
 */
export async function startRuntime(env: Readonly<Record<string, string | undefined>>, options: RuntimeOptions = {}): Promise<LocalRuntime> {
  const chosen = options.port ?? (await freePort());
  const envFile = join(mkdtempSync(join(tmpdir(), 'switchboard-env-')), '.env');
  // twilio-run replaces process.env with the .env file, so NODE_ENV must be there: without it
  // express answers malformed requests (bad JSON, bad %-escapes) with a stack trace and paths.
  // HTTP_PROXY goes there too for the same reason; NODE_EXTRA_CA_CERTS must be in the process env.
  writeFileSync(envFile, envFileText({ NODE_ENV: 'production', ...env, HTTP_PROXY: options.restProxy?.url }));
  // twilio-run joins the folder to its cwd, so an absolute path must become a relative one.
  const root = options.root ?? ROOT;
  const folders = [
    ...(options.functionsFolder ? ['--functions-folder', relative(root, options.functionsFolder)] : []),
    ...(options.assetsFolder ? ['--assets-folder', relative(root, options.assetsFolder)] : []),
  ];
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'), 'start', '--no-fork-process', '--no-live', '--port', String(chosen), '--env', envFile, '--log-level', 'info', ...folders],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NODE_ENV: 'production', ...(options.restProxy ? { NODE_EXTRA_CA_CERTS: options.restProxy.caFile } : {}) },
    },
  );
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let ended: string | undefined;
  child.once('exit', (code, signal) => (ended = signal ? `signal ${signal}` : `code ${code}`));
  const url = `http://localhost:${chosen}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`twilio-run exited early:\n${output.join('\n')}`);
    try {
      await fetch(`${url}/token`);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopProcess(child);
        throw new Error(`twilio-run did not start within 30 s:\n${output.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, port: chosen, output, exited: () => ended, stop: () => stopProcess(child) };
}

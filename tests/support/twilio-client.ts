/**
 * The real `twilio` REST client, run in a child process started the way the simulator starts
 * twilio-run (HTTP_PROXY + NODE_EXTRA_CA_CERTS, docs/twilio-runtime.md), so it reaches the simulator exactly as
 * our Functions do. Every raw answer it received is checked against Twilio's API description.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { validateExchange } from './openapi';
import { perFile } from './per-file';
import type { Reply } from './reply';
import type { Exchange, Step, WorkerAnswer } from './twilio-client-worker';

export type { Exchange, Step };

export class TwilioClientProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (answer: WorkerAnswer) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (answer: WorkerAnswer) => this.pending.get(answer.id)?.(answer));
  }

  /** Starts the client with the simulator's proxy and CA (or the given environment). */
  static async start(sim: Simulator, env: Record<string, string> = {}): Promise<TwilioClientProcess> {
    const child = fork(join(__dirname, 'twilio-client-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        PATH: process.env.PATH,
        HTTP_PROXY: sim.restProxy.url,
        NODE_EXTRA_CA_CERTS: sim.restProxy.caFile,
        TWILIO_ACCOUNT_SID: sim.env.ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: sim.env.AUTH_TOKEN,
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const client = new TwilioClientProcess(child);
    await new Promise<void>((resolve, reject) => {
      client.pending.set(0, () => resolve());
      child.once('exit', (code) => reject(new Error(`the twilio client process exited (${code})`)));
    });
    return client;
  }

  /** Runs `steps` on the client; every exchange is validated against Twilio's API description. */
  async run(...steps: Step[]): Promise<WorkerAnswer> {
    const id = this.nextId++;
    const answer = await new Promise<WorkerAnswer>((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ id, steps });
    });
    this.pending.delete(id);
    for (const exchange of answer.exchanges) validateExchange(exchange);
    return answer;
  }

  /** Like `run`, but throws the client's error. */
  async ok<T = Reply>(...steps: Step[]): Promise<T> {
    const answer = await this.run(...steps);
    if (answer.error) throw new Error(`twilio client: ${JSON.stringify(answer.error)}`);
    return answer.result as T;
  }

  stop(): void {
    this.child.kill();
  }
}

/**
 * A simulator and a real `twilio` client on it, shared by a test file: started in its `beforeAll`,
 * stopped in its `afterAll`.
 */
export function restClientPerFile(options: SimulatorOptions = {}): () => { sim: Simulator; client: TwilioClientProcess } {
  return perFile(
    async () => {
      const sim = await startSimulator(options);
      return { sim, client: await TwilioClientProcess.start(sim) };
    },
    async ({ sim, client }) => {
      client.stop();
      await sim.stop();
    },
  );
}

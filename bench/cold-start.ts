/**
 * One cold start, in a fresh Node process (bench/function-cost.ts bundles and spawns this file):
 * sets up the runtime's globals as the runtime has them before any Function loads, then times
 * requiring one Function and its first response. Prints one `COLD {…}` line.
 */
import { functionContext, installRuntimeGlobals, invoke, loadHandler, runtimeEvent, skipKnownScrypt, type KnownScrypt } from './function-runtime';
import { elapsedMs } from './stats';

/** What the parent asks for, as JSON in argv[2]. */
export interface ColdStartJob {
  file: string;
  env: Record<string, string>;
  domainName: string;
  path: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  knownScrypt?: KnownScrypt[];
}

/** What the child prints after the marker. */
export interface ColdStartResult {
  ms: number;
  statusCode: number;
  body: string;
}

/** Starts the child's result line (Functions may print their own lines before it). */
export const COLD_MARKER = 'COLD ';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as ColdStartJob;
  installRuntimeGlobals();
  if (job.knownScrypt) skipKnownScrypt(job.knownScrypt);
  const context = functionContext(job.env, job.domainName, job.path);
  const event = runtimeEvent(job.params, job.headers);
  const start = process.hrtime.bigint();
  const reply = await invoke(loadHandler(job.file), context, event);
  const result: ColdStartResult = { ms: elapsedMs(start), statusCode: reply.statusCode, body: reply.body };
  process.stdout.write(`\n${COLD_MARKER}${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.stack ?? error);
    process.exit(1);
  });
}

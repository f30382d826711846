/**
 * `npm run deploy [-- twilio-run deploy flags, e.g. --production]`
 * Builds, checks what will be uploaded (Functions, assets, `.env` variables minus ACCOUNT_SID and
 * AUTH_TOKEN, which the runtime supplies), then runs `twilio-run deploy` with the project's
 * `.twilioserverlessrc` (functions and assets from `dist`) and prints the domain and URLs.
 * `twilio serverless:deploy` (Twilio CLI) deploys the same `dist` after `npm run build`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REGION_EDGES, type Region } from '../src/lib/config/config';
import { build, ROOT } from '../build/build';
import { describeProblem, runCommand, ToolError } from './cli';
import { CONTEXT_LIMIT_BYTES, contextBytes, deployManifest, deployProblems, oversizedVariables } from './deploy-manifest';
import { EnvFile } from '../build/env-file';

/** What `twilio-run deploy --output-format json` prints when it is done. */
interface DeployResult {
  domain: string;
  serviceSid: string;
  environmentSuffix?: string;
  functions: { access: string; path: string; url: string }[];
  assets: { access: string; path: string; url: string }[];
}

/** Runs twilio-run, streaming its progress (stderr) and returning what it printed on stdout. */
function twilioRunDeploy(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'), 'deploy', '--output-format', 'json', ...args], {
      cwd: ROOT,
      stdio: ['inherit', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** Builds, checks and deploys; true when Twilio accepted the deploy. */
export async function runDeploy(args: readonly string[]): Promise<boolean> {
  const envPath = join(ROOT, '.env');
  const env = EnvFile.load(envPath);
  if (!env.get('ACCOUNT_SID') || !env.get('AUTH_TOKEN')) throw new ToolError('SB_CREDENTIALS', '.env has no ACCOUNT_SID or AUTH_TOKEN for twilio-run to deploy with');
  await build();
  const manifest = await deployManifest(ROOT, envPath);
  const problems = deployProblems(ROOT, manifest);
  if (problems.length) {
    for (const problem of problems) console.error(`✗ ${problem}`);
    return false;
  }
  const bytes = contextBytes(manifest.env);
  if (bytes > CONTEXT_LIMIT_BYTES) console.warn(`! ${describeProblem(82006)} (Twilio error 82006: about ${bytes} of ${CONTEXT_LIMIT_BYTES} bytes)`);
  for (const name of oversizedVariables(manifest.env)) console.warn(`! ${describeProblem('SB_VARIABLE_TOO_LONG', name)}`);
  console.log(`Deploying ${manifest.functions.length} Functions and ${manifest.assets.length} assets from dist/ with variables ${Object.keys(manifest.env).join(', ') || '(none)'}`);

  // An account in IE1/AU1 deploys its Functions there, through that region's edge (its own credentials).
  const region = env.get('REGION')?.trim().toLowerCase();
  const regional = region && region !== 'us1' && region in REGION_EDGES && !args.includes('--region') ? ['--region', region, '--edge', REGION_EDGES[region as Region]] : [];
  const { code, stdout } = await twilioRunDeploy([...regional, ...args]);
  if (code !== 0) return false;
  let result: DeployResult;
  try {
    result = JSON.parse(stdout) as DeployResult;
  } catch {
    console.log(stdout);
    return true;
  }
  console.log(`\nDeployed to https://${result.domain}/ (service ${result.serviceSid})`);
  for (const fn of result.functions) console.log(`  ${fn.access.padEnd(9)} ${fn.url}`);
  console.log(`  page      https://${result.domain}/ (${result.assets.length} assets)`);
  console.log(`\nFirst deploy? Run \`npm run setup\`: it points the TwiML App and the number at these Functions. Then open https://${result.domain}/ and sign in.`);
  return true;
}

if (require.main === module) runCommand(() => runDeploy(process.argv.slice(2)));

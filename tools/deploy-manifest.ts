/**
 * What `npm run deploy` would upload, worked out offline with the same code twilio-run runs:
 * its `.twilioserverlessrc` reader, @twilio-labs/serverless-api's file listing and twilio-run's
 * `.env` filter. Deploy, setup, doctor and the tests all read it from here.
 */
import { getListOfFunctionsAndAssets } from '@twilio-labs/serverless-api/dist/utils/fs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSpecializedConfig } from 'twilio-run/dist/config/global';
import { filterEnvVariablesForDeploy, readLocalEnvFile } from 'twilio-run/dist/config/utils/env';
import { describeProblem } from './cli';
import { VARIABLE_VALUE_LIMIT } from '../src/lib/config/passcodes';

/** A Function or asset as Twilio will serve it. */
export interface Resource {
  /** URL path, e.g. `/voice` or `/assets/index.html`. */
  readonly path: string;
  readonly access: 'public' | 'protected' | 'private';
  /** The local file that is uploaded. */
  readonly file: string;
}

export interface DeployManifest {
  readonly functions: readonly Resource[];
  readonly assets: readonly Resource[];
  /** Variables uploaded to the environment: `.env` minus empty ones and those the runtime supplies. */
  readonly env: Readonly<Record<string, string>>;
  /** Packages Twilio installs for the Functions (package.json `dependencies`). */
  readonly dependencies: Readonly<Record<string, string>>;
}

/** Twilio's limit on the JSON context of a Function (error 82006). */
export const CONTEXT_LIMIT_BYTES = 3 * 1024;

/**
 * Lists what `twilio-run deploy` would upload from `root` with `envPath` as its `.env`,
 * reading `.twilioserverlessrc` for the folders exactly as twilio-run does.
 */
export async function deployManifest(root: string, envPath = join(root, '.env')): Promise<DeployManifest> {
  const rc = readSpecializedConfig(root, '.twilioserverlessrc', 'deploy');
  const listing = await getListOfFunctionsAndAssets(root, {
    functionsFolderNames: [rc.functionsFolder ?? 'functions'],
    assetsFolderNames: [rc.assetsFolder ?? 'assets'],
  });
  const resources = (list: typeof listing.functions): Resource[] => list.map(({ path, access, filePath }) => ({ path, access, file: filePath })).sort((a, b) => a.path.localeCompare(b.path));
  const { localEnv } = existsSync(envPath) ? await readLocalEnvFile({ cwd: root, env: envPath }) : { localEnv: {} };
  const pkgPath = join(root, 'package.json');
  const pkg = (existsSync(pkgPath) ? JSON.parse(readFileSync(pkgPath, 'utf8')) : {}) as { dependencies?: Record<string, string> };
  return {
    functions: resources(listing.functions),
    assets: resources(listing.assets),
    env: uploadedVariables(localEnv),
    dependencies: pkg.dependencies ?? {},
  };
}

/** The variables twilio-run uploads from a parsed `.env`: non-empty ones, minus ACCOUNT_SID and AUTH_TOKEN. */
export function uploadedVariables(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const uploaded = filterEnvVariablesForDeploy({ ...env });
  return Object.fromEntries(Object.entries(uploaded).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Variables only the runtime adds to every Function's context (sized like real ones). */
const RUNTIME_CONTEXT = {
  ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  AUTH_TOKEN: '0'.repeat(32),
  DOMAIN_NAME: 'switchboard-0000-dev.twil.io',
  PATH: '/dial-complete',
  SERVICE_SID: `ZS${'0'.repeat(32)}`,
  ENVIRONMENT_SID: `ZE${'0'.repeat(32)}`,
};

/**
 * Bytes of the context Twilio builds for a Function from these variables: the uploaded
 * variables plus account metadata, domain name and path, as one JSON string (error 82006).
 */
export function contextBytes(env: Readonly<Record<string, string>>): number {
  return Buffer.byteLength(JSON.stringify({ ...env, ...RUNTIME_CONTEXT }));
}

/** The uploaded variables whose value is longer than one Twilio environment variable may be. */
export function oversizedVariables(env: Readonly<Record<string, string>>): string[] {
  return Object.keys(env).filter((name) => Buffer.byteLength(env[name]) > VARIABLE_VALUE_LIMIT);
}

/** The Functions `npm run build` must produce: one per `src/functions` file, same name and visibility. */
export function expectedFunctions(root: string): { path: string; access: Resource['access'] }[] {
  return readdirSync(join(root, 'src', 'functions'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => {
      const [name, visibility] = file.replace(/\.ts$/, '').split('.');
      return { path: `/${name}`, access: visibility === 'protected' || visibility === 'private' ? visibility : 'public' };
    });
}

/** What stops a deploy from working, each with its fix: a missing build, an unpinned runtime handler. */
export function deployProblems(root: string, manifest: DeployManifest): string[] {
  const problems: string[] = [];
  const missing = expectedFunctions(root).filter((f) => !manifest.functions.some((m) => m.path === f.path && m.access === f.access));
  if (missing.length) problems.push(describeProblem('SB_NOT_BUILT', `dist has no ${missing.map((f) => `${f.path} (${f.access})`).join(', ')}`));
  const handler = manifest.dependencies['@twilio/runtime-handler'];
  if (!handler || !/^\d+\.\d+\.\d+$/.test(handler)) problems.push(describeProblem('SB_RUNTIME_HANDLER', handler ? `package.json asks for "${handler}"` : 'it is not in package.json "dependencies"'));
  return problems;
}

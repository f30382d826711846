/**
 * Where Switchboard is deployed: `.twiliodeployinfo` (written by `twilio-run deploy`) names the
 * service and its latest build; the Serverless API says which environment serves that build and
 * on which domain. Setup and doctor point the TwiML App at the Functions found there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from 'twilio/lib/rest/serverless/v1/service';
import { unlessMissing, type TwilioClient } from './twilio-api';

/** A deployed environment of the Switchboard service. */
export interface DeployedEnvironment {
  readonly serviceSid: string;
  readonly environmentSid: string;
  readonly domain: string;
}

/** The TwiML App settings that route calls to our Functions on `domain`, all POST. */
export function webhookSettings(domain: string) {
  return {
    voiceUrl: `https://${domain}/voice`,
    voiceMethod: 'POST',
    voiceFallbackUrl: `https://${domain}/fallback`,
    voiceFallbackMethod: 'POST',
    statusCallback: `https://${domain}/status`,
    statusCallbackMethod: 'POST',
  } as const;
}

export type WebhookSettings = ReturnType<typeof webhookSettings>;

/** The settings of `app` that differ from what `domain` needs. */
export function webhookDifferences(app: Readonly<Record<keyof WebhookSettings, string | undefined>>, domain: string): (keyof WebhookSettings)[] {
  const wanted = webhookSettings(domain);
  return (Object.keys(wanted) as (keyof WebhookSettings)[]).filter((field) => app[field] !== wanted[field]);
}

/** `https://x.twil.io/` or `x.twil.io` → `x.twil.io`; undefined when it is no host name. */
export function normalizeDomain(input: string): string | undefined {
  const host = input
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  return /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/.test(host) ? host : undefined;
}

/** The service and latest build `twilio-run deploy` recorded for this account and region. */
export function readDeployInfo(root: string, accountSid: string, region = 'us1'): { serviceSid: string; latestBuild: string } | undefined {
  const path = join(root, '.twiliodeployinfo');
  if (!existsSync(path)) return undefined;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { serviceSid?: string; latestBuild?: string }>;
    const entry = info[`${accountSid}:${region}`] ?? info[accountSid];
    return entry?.serviceSid && entry.latestBuild ? { serviceSid: entry.serviceSid, latestBuild: entry.latestBuild } : undefined;
  } catch {
    return undefined;
  }
}

/** The environment serving the latest build (pages through every environment of the service). */
export async function findDeployedEnvironment(client: TwilioClient, info: { serviceSid: string; latestBuild: string }): Promise<DeployedEnvironment | undefined> {
  const environments = await client.serverless.v1.services(info.serviceSid).environments.list();
  const environment = environments.find((e) => e.buildSid === info.latestBuild) ?? (environments.length === 1 ? environments[0] : undefined);
  return environment && { serviceSid: info.serviceSid, environmentSid: environment.sid, domain: environment.domainName };
}

/** The environment `.twiliodeployinfo` points at, if the file names one that still exists. */
export async function deployedEnvironment(client: TwilioClient, root: string, accountSid: string, region?: string): Promise<DeployedEnvironment | undefined> {
  const info = readDeployInfo(root, accountSid, region);
  return info && (await unlessMissing(findDeployedEnvironment(client, info)));
}

/** The Variables resource of a deployed environment. */
export function environmentVariables(client: TwilioClient, deployed: DeployedEnvironment): ReturnType<ServiceContext['environments']>['variables'] {
  return client.serverless.v1.services(deployed.serviceSid).environments(deployed.environmentSid).variables;
}

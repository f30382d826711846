/** The team's store as a Function opens it: SYNC_SERVICE_SID through the Function's own REST client. */
import { loadConfig } from '../config/config';
import { twilioClient, type FunctionContext } from '../runtime/serverless';
import { configuredStore, TeamStore } from './team-store';

/** The store of this deployment, or undefined without SYNC_SERVICE_SID. Throws ConfigError like loadConfig. */
export function functionStore(context: FunctionContext): TeamStore | undefined {
  return configuredStore(loadConfig(context).syncServiceSid, (serviceSid) => TeamStore.of(() => twilioClient(context), serviceSid));
}

/** The options our Device is created with (kept apart from the SDK so it can be unit-tested). */
import type { Call, Device } from '@twilio/voice-sdk';
import { soundUrls } from './sounds';
import type { TokenReply } from '../../lib/contract/token';

declare global {
  interface Window {
    /**
     * Extra Device options set by whatever hosts the page before the bundle runs. Production
     * leaves it undefined; the local simulator uses it to point the SDK at itself (docs/voice-sdk-protocol.md).
     */
    SwitchboardDeviceOptions?: Device.Options;
  }
}

/** Ms before expiry at which the SDK's own `tokenWillExpire` backstop fires. */
export const TOKEN_WILL_EXPIRE_MS = 10_000;

/**
 * Our sounds, Opus first, the edge of the token's region, close protection during calls,
 * then whatever the host page supplies.
 */
export function deviceOptions(reply: Pick<TokenReply, 'edge'>, assetBase: string, hostOptions?: Device.Options): Device.Options {
  return {
    sounds: soundUrls(assetBase),
    codecPreferences: ['opus', 'pcmu'] as Call.Codec[],
    closeProtection: true,
    tokenRefreshMs: TOKEN_WILL_EXPIRE_MS,
    ...(reply.edge ? { edge: reply.edge } : {}),
    ...hostOptions,
  };
}

import type { BuildOptions } from 'esbuild';

/**
 * How every Function is bundled (build.ts, and the routing step of routing-build.ts): one CommonJS
 * file with src/lib inlined; packages stay external (they are `dependencies`, which is what Twilio
 * installs on deploy).
 */
export const FUNCTION_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
} as const satisfies BuildOptions;

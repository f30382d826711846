/**
 * How the simulator serves the product page: one script tag (`/__sim/inject.js`) before the
 * page's first script, and a Content-Security-Policy widened just enough for it and for the
 * signaling WebSocket on this origin.
 */

export const INJECT_TAG = '<script src="/__sim/inject.js"></script>';

/** Adds `sources` to `directive` of a CSP; when the directive is absent, to what default-src would give. */
function widenDirective(policy: string, directive: string, sources: string[]): string {
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  const index = directives.findIndex((d) => d.split(/\s+/)[0].toLowerCase() === directive);
  if (index >= 0) {
    directives[index] = `${directives[index]} ${sources.join(' ')}`;
  } else {
    const fallback = directives.find((d) => d.split(/\s+/)[0].toLowerCase() === 'default-src');
    if (!fallback) return policy; // nothing restricts this directive
    directives.push(`${directive} ${fallback.split(/\s+/).slice(1).join(' ')} ${sources.join(' ')}`);
  }
  return directives.join('; ');
}

/** The page with the simulator's script and a CSP that lets it and `ws://<host>/signal` through. */
export function injectSimulator(html: string, host: string): string {
  const withScript = /<script/i.test(html) ? html.replace(/<script/i, `${INJECT_TAG}<script`) : html.replace(/<\/head>/i, `${INJECT_TAG}</head>`);
  return withScript.replace(/(<meta\s+[^>]*http-equiv=["']?content-security-policy["']?[^>]*content=")([^"]*)(")/i, (_match, before: string, policy: string, after: string) => {
    const widened = widenDirective(widenDirective(policy, 'connect-src', [`ws://${host}`]), 'script-src', [`http://${host}/__sim/inject.js`]);
    return `${before}${widened}${after}`;
  });
}

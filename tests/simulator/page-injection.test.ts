/** How the simulator serves the product page: its script first, and a CSP widened just enough. */
import { injectSimulator, INJECT_TAG } from '../../simulator/pages/page-injection';

const page = (csp: string) =>
  `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}"><title>x</title><script type="module" src="/assets/app.js"></script></head><body><script src="/late.js"></script></body></html>`;

test("the simulator script goes before the page's first script", () => {
  const html = injectSimulator(page("default-src 'self'"), 'localhost:3000');
  expect(html.indexOf(INJECT_TAG)).toBeLessThan(html.indexOf('/assets/app.js'));
  expect(html.split(INJECT_TAG)).toHaveLength(2);
});

test('connect-src and script-src gain exactly the signaling socket and the injected script', () => {
  const html = injectSimulator(page("default-src 'none'; script-src 'self'; connect-src 'self' wss://*.twilio.com"), 'localhost:3000');
  expect(html).toContain("script-src 'self' http://localhost:3000/__sim/inject.js");
  expect(html).toContain("connect-src 'self' wss://*.twilio.com ws://localhost:3000");
  expect(html).toContain("default-src 'none'");
});

test('directives that fall back to default-src get its sources plus ours', () => {
  const html = injectSimulator(page("default-src 'self'"), 'localhost:4000');
  expect(html).toContain("connect-src 'self' ws://localhost:4000");
  expect(html).toContain("script-src 'self' http://localhost:4000/__sim/inject.js");
});

test('a page without CSP or scripts still gets the script, in <head>', () => {
  expect(injectSimulator('<html><head><title>x</title></head><body></body></html>', 'localhost:1')).toBe(`<html><head><title>x</title>${INJECT_TAG}</head><body></body></html>`);
});

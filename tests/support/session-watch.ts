/**
 * What e2e tests need to see of a page's session: every `GET /token` it makes, with
 * the credentials it sent and what came back, and whether a secret is still in its JavaScript heap.
 */
import type { Page } from 'playwright-core';

/** One `GET /token` of the page. */
export interface TokenExchange {
  /** The Authorization header as sent. */
  authorization: string;
  status?: number;
  /** The token of a 200, the error code otherwise. */
  token?: string;
  code?: string;
}

/** Records every `/token` request `page` makes from now on, in order. */
export function watchTokenRequests(page: Page): TokenExchange[] {
  const exchanges: TokenExchange[] = [];
  const pending = new Map<unknown, TokenExchange>();
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== '/token') return;
    const exchange: TokenExchange = { authorization: request.headers().authorization ?? '' };
    exchanges.push(exchange);
    pending.set(request, exchange);
  });
  page.on('response', async (response) => {
    const exchange = pending.get(response.request());
    if (!exchange) return;
    exchange.status = response.status();
    const body = (await response.json().catch(() => ({}))) as { token?: string; error?: { code?: string } };
    exchange.token = body.token;
    exchange.code = body.error?.code;
  });
  return exchanges;
}

/**
 * Which of `needles` occur in the page's JavaScript heap. A heap snapshot collects garbage first,
 * so a string the page merely forgot to drop shows up, while one that is unreachable does not.
 */
export async function stringsInHeap(page: Page, needles: readonly string[]): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const snapshot = chunks.join('');
    return needles.filter((needle) => snapshot.includes(needle));
  } finally {
    await cdp.detach();
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Reply } from './reply';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, Reply>;
}

/** Verifies an HS256 JWT with `secret` (independently of the library that made it) and decodes it. */
export function verifyHs256(token: string, secret: string): DecodedJwt {
  const [header, payload, signature] = token.split('.');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature ?? '', 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new Error('JWT signature does not verify');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload) };
}

/** Signs `header` and `claims` as an HS256 JWT with `secret`, independently of the code under test. */
export function signHs256(header: object, claims: object, secret: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part(header)}.${part(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

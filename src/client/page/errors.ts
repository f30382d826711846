/**
 * The page's view of src/lib/contract/errors.ts: any failure (a Voice SDK TwilioError, a /token error
 * reply, a dialling refusal) becomes plain words, the code, and what to do — in the page's language.
 */
import { ERRORS, isErrorCode, type ErrorCode, type ErrorInfo } from '../../lib/contract/errors';
import type { Language } from './i18n';

/** The table's Japanese words, once loaded; until then, and in English, the table's own. */
let japanese: Readonly<Record<ErrorCode, ErrorInfo>> | undefined;

type JapaneseWords = typeof import('./error-words-ja.js');

/**
 * Loads the error words of `language`. The Japanese ones are a chunk of their own, asked for when
 * the page turns Japanese (at start or when switched), so a page in English never loads them.
 * `load` is that chunk's import (a test hands the module over itself).
 */
export async function loadErrorWords(language: Language, load: () => Promise<JapaneseWords> = () => import('./error-words-ja.js')): Promise<void> {
  if (language === 'ja') japanese ??= (await load()).JA_ERRORS;
}

/** What the page shows for one failure. */
export interface Explanation {
  readonly code: string;
  readonly title: string;
  readonly action: string;
}

/** An error the page raises itself, or a refusal of our Functions, carrying a code of the error table. */
export class PageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** When trying again may help (epoch ms, this page's clock), from the answer's Retry-After. */
    readonly retryAt?: number,
  ) {
    super(message ?? String(code));
    this.name = 'PageError';
  }
}

interface CodedError {
  code?: unknown;
  description?: unknown;
  explanation?: unknown;
  message?: unknown;
}

/**
 * Plain words for an error. Known codes come from the table, in the page's language; an unknown
 * Twilio code keeps the SDK's own description so nothing is ever silent.
 */
export function explain(error: unknown, language: Language): Explanation {
  const coded = (typeof error === 'object' && error !== null ? error : {}) as CodedError;
  // 31000 is Twilio's own "unknown error"; its message is still shown.
  const code = typeof coded.code === 'number' || typeof coded.code === 'string' ? String(coded.code) : '31000';
  if (isErrorCode(code)) return { code, ...(language === 'ja' && japanese ? japanese : ERRORS)[code] };
  const title = [coded.description, coded.message].find((text): text is string => typeof text === 'string' && text.length > 0);
  const action = typeof coded.explanation === 'string' ? coded.explanation : '';
  return { code, title: title ?? code, action };
}

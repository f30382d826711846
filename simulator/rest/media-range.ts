/**
 * HTTP range requests on recording media, as the storage behind Twilio's media URLs answers
 * them (RFC 9110): one `Range: bytes=…` range gives 206 with `Content-Range`, a range past the end
 * 416, anything else (no header, several ranges, a malformed one) the whole file with
 * `Accept-Ranges: bytes`. A player can so fetch a long recording piece by piece, and seek.
 */
import type { RestAnswer } from './rest-route';

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/** The answer to a GET of `body` (of MIME `type`) with the request's Range header, if any. */
export function rangeAnswer(body: Buffer, type: string, range: string | undefined): RestAnswer {
  const whole: RestAnswer = { status: 200, body, type, headers: { 'Accept-Ranges': 'bytes' } };
  const match = SINGLE_RANGE.exec(range?.trim() ?? '');
  if (!match || (!match[1] && !match[2])) return whole;
  const size = body.length;
  // `bytes=-N` is the last N bytes; `bytes=A-` from A to the end; an end past the file is the end.
  const [start, end] = match[1] ? [Number(match[1]), match[2] ? Math.min(Number(match[2]), size - 1) : size - 1] : [Math.max(0, size - Number(match[2])), size - 1];
  if (match[1] && match[2] && Number(match[2]) < start) return whole;
  if (start >= size || end < start) return { status: 416, body: Buffer.alloc(0), type, headers: { 'Content-Range': `bytes */${size}` } };
  return { status: 206, body: body.subarray(start, end + 1), type, headers: { 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${size}` } };
}

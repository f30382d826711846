/** Audio that cannot be decoded: a clear message for the caller to log or report, never a crash. */
export class AudioFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AudioFormatError';
  }
}

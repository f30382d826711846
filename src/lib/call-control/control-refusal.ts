import type { ErrorCode } from '../contract/errors';

/** An operation refused for a reason the page can say (`code`); nothing was changed before it. */
export class ControlRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 409,
    readonly code: ErrorCode,
  ) {
    super(String(code));
    this.name = 'ControlRefusal';
  }
}

// Typed domain errors; lib/http/route.ts maps each to one HTTP status (docs/reference/style.md §6).
export class DomainError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
/** No session, or the session's user no longer exists or is inactive. */
export class Unauthorized extends DomainError {}
/** Signed in, but the role does not allow this at all. */
export class Forbidden extends DomainError {}
/** Missing, or not visible to this user (another rep's account answers NotFound, not Forbidden, so ids leak nothing). */
export class NotFound extends DomainError {}
/** A write lost a race (stale version, duplicate in flight) or a unique value is taken. details carries the current record; field names the taken value. */
export class Conflict extends DomainError {
  constructor(
    message: string,
    details?: unknown,
    readonly field?: string,
  ) {
    super(message, details);
  }
}
/** Input failed validation; details lists { field, reason }. */
export class Invalid extends DomainError {
  constructor(
    message: string,
    readonly issues: Array<{ field: string; reason: string }>,
  ) {
    super(message, issues);
  }
}
/** Well-formed but not processable: e.g. an idempotency key reused with another body. */
export class Unprocessable extends DomainError {}
export class TooManyRequests extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Typed domain errors; one handler (http/problem.ts) renders them as RFC 9457 problem+json. */

export interface FieldError {
  /** JSON path of the failing field, e.g. "body.customer.email" or "query.limit". */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly errors: FieldError[];
  constructor(message: string, errors: FieldError[] = []) {
    super(message);
    this.errors = errors;
  }
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(what: string, id?: string) {
    super(id ? `${what} ${id} was not found` : `${what} was not found`);
  }
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

export class Unauthorized extends DomainError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class Invalid extends DomainError {
  readonly status = 422;
  readonly code = 'invalid';
}

export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_requests';
}

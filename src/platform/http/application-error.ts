/**
 * Base of every business error. A module defines `<Context>Error extends ApplicationError` with its
 * own codes; the global filter maps `kind` to an HTTP status. Application code never throws
 * HttpException.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unprocessable' | 'too_many_requests' | 'unavailable';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** an uploaded file over its size limit */
  too_large: 413,
  unprocessable: 422,
  too_many_requests: 429,
  /** an outside service the request needs (e.g. the identity provider) cannot be reached: try again later */
  unavailable: 503,
};

export interface FieldError {
  field: string;
  message: string;
  /** for an uploaded file (CSV import): the line at fault, 1 = the header, 0 = the whole file */
  line?: number;
}

export class ApplicationError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** stable machine code, e.g. `billing.invoice-not-found` */
    readonly code: string,
    /** French message a parent or staff member can read */
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** extra members of the problem details (RFC 9457 extensions), e.g. the id of what blocks the request */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

import { ApplicationError, ErrorKind, FieldError } from '../../../platform/http';

export class PaymentsError extends ApplicationError {
  constructor(kind: ErrorKind, code: string, message: string, fieldErrors: FieldError[] = [], extensions: Record<string, unknown> = {}) {
    super(kind, `payments.${code}`, message, fieldErrors, extensions);
  }

  /** Another family's or an unknown id: never say which. */
  static notFound(): PaymentsError {
    return new PaymentsError('not_found', 'not-found', 'Paiement introuvable.');
  }

  static field(field: string, message: string, kind: ErrorKind = 'unprocessable'): PaymentsError {
    return new PaymentsError(kind, 'invalid-amount', message, [{ field, message }]);
  }
}

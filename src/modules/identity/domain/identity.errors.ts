import { ApplicationError, ErrorKind, FieldError } from '../../../platform/http';

export class IdentityError extends ApplicationError {
  constructor(kind: ErrorKind, code: string, message: string, fieldErrors: FieldError[] = []) {
    super(kind, `identity.${code}`, message, fieldErrors);
  }

  static invalidField(field: string, message: string): IdentityError {
    return new IdentityError('invalid', 'invalid-field', message, [{ field, message }]);
  }
}

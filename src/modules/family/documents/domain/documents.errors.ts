import { ApplicationError, ErrorKind, FieldError } from '../../../../platform/http';

/** Errors of the supporting documents; codes are `family.documents.<code>`. */
export class DocumentsError extends ApplicationError {
  constructor(kind: ErrorKind, code: string, message: string, fieldErrors: FieldError[] = []) {
    super(kind, `family.documents.${code}`, message, fieldErrors);
  }

  /** One field at fault: the message is the field's. */
  static field(kind: ErrorKind, code: string, field: string, message: string): DocumentsError {
    return new DocumentsError(kind, code, message, [{ field, message }]);
  }
}

/** A file over the size limit: 413, naming the field `file`. */
export class FileTooLargeError extends DocumentsError {
  constructor(maxMegabytes: number) {
    const message = `Le fichier dépasse ${maxMegabytes} Mo.`;
    super('too_large', 'file-too-large', message, [{ field: 'file', message }]);
  }
}

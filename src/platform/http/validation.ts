import { ArgumentMetadata, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { isUUID, Matches, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { isIsoDate } from '../dates';
import { ApplicationError, FieldError } from './application-error';

/** Flattens class-validator errors into `{ field: 'a.b[0].c', message }` pairs: one per field, its first broken rule. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const [message] = Object.values(error.constraints ?? {});
    if (message) out.push({ field, message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export class RequestValidationError extends ApplicationError {
  constructor(fieldErrors: FieldError[]) {
    super('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', fieldErrors);
  }
}

/** Global pipe: validates every DTO once, at the edge; unknown fields are rejected. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}

/** `@Param('childId', uuidParam)`: a path id that is not a UUID is a field error naming the parameter (`childId`). */
export const uuidParam: PipeTransform<string, string> = {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUUID(value)) throw new RequestValidationError([{ field: metadata.data ?? 'id', message: 'doit être un identifiant (UUID)' }]);
    return value;
  },
};

/** A real date written YYYY-MM-DD (not 2026-02-30). */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isCalendarDate', validator: { validate: (value) => isIsoDate(value), defaultMessage: () => (options?.each ? 'chaque valeur doit être une date AAAA-MM-JJ' : 'doit être une date AAAA-MM-JJ') } }, options);

/** A time of day written HH:MM (24 h). */
export const IsTimeOfDay = (options?: ValidationOptions) => Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'doit être une heure HH:MM', ...options });

/** May be left out, but not set to null. */
export const Present = (options?: ValidationOptions) => ValidateIf((_, value) => value !== undefined, options);

import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, Max, Min } from 'class-validator';

const EACH = { each: true, message: 'chaque jour est un numéro de 1 (lundi) à 7 (dimanche)' };

/** A list of ISO weekdays (1 = Monday … 7 = Sunday), each once; `required`: at least one. */
export const IsWeekdays = (required = false) =>
  applyDecorators(
    IsArray({ message: 'doit être une liste' }),
    ...(required ? [ArrayMinSize(1, { message: 'au moins un jour' })] : []),
    ArrayMaxSize(7),
    ArrayUnique({ message: 'ne doit pas citer deux fois le même jour' }),
    IsInt(EACH),
    Min(1, EACH),
    Max(7, EACH),
  );

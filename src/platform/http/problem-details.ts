import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 9457 problem details: the one shape of every 4xx/5xx answer. */
export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: "doit être une adresse e-mail valide" }) message: string;
  @ApiPropertyOptional({ example: 4, description: 'uploaded files (CSV import): the line at fault, 1 = header, 0 = whole file' }) line?: number;
}

export class ProblemDetails {
  @ApiProperty({ example: 'https://guichet.dev/problems/validation' }) type: string;
  @ApiProperty({ example: 'Requête invalide' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiPropertyOptional({ example: 'Un ou plusieurs champs sont invalides.' }) detail?: string;
  @ApiPropertyOptional({ example: '/api/families/…' }) instance?: string;
  @ApiPropertyOptional({ example: 'validation' }) code?: string;
  @ApiProperty({ description: 'request id, also in the x-request-id header and the logs' }) correlationId: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

export const PROBLEM_BASE = 'https://guichet.dev/problems/';

export const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Authentification requise',
  403: 'Accès refusé',
  404: 'Ressource introuvable',
  405: 'Méthode non autorisée',
  409: 'Conflit',
  413: 'Requête trop volumineuse',
  415: 'Type de contenu non pris en charge',
  422: 'Requête impossible à traiter',
  429: 'Trop de requêtes',
  500: 'Erreur interne',
  503: 'Service indisponible',
};

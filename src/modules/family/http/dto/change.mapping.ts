import { FIELD_LABELS } from '../../domain/family-file';
import type { ChangeRecord } from '../../infrastructure/family-file.repository';
import type { ChangeResponse } from './family-file.responses';

const EXTRA_LABELS: Record<string, string> = { 'family.quotient': 'Quotient familial', 'child.added': 'Enfant ajouté' };

export function toChangeResponse(c: ChangeRecord): ChangeResponse {
  return { ...c, fieldLabel: FIELD_LABELS[c.field] ?? EXTRA_LABELS[c.field] ?? c.field };
}

import { AuthorizationAnswer, Contact, sameValue } from './family-file';

/**
 * What a submitted form changes. A field staff validate becomes a pending change (the value on file
 * stays in force until staff approve it); any other field is applied at once. Every change, applied
 * or pending, is recorded with its old and new value.
 */
export type ChangeStatus = 'applied' | 'pending';

export interface PlannedChange {
  /** `family.address`, `child.diet`, `child.contact`, `child.authorization` */
  field: string;
  /** the contact id or the authorization code the change is about */
  subject: string | null;
  oldValue: unknown;
  newValue: unknown;
  status: ChangeStatus;
}

export interface FieldPlan {
  /** fields to write now, with their new value */
  apply: Record<string, unknown>;
  changes: PlannedChange[];
  /** qualified fields whose earlier pending change the new submission replaces */
  supersede: string[];
}

export function planFieldChanges(
  form: 'family' | 'child',
  current: Record<string, unknown>,
  submitted: Record<string, unknown>,
  validated: ReadonlySet<string>,
): FieldPlan {
  const plan: FieldPlan = { apply: {}, changes: [], supersede: [] };
  for (const [name, value] of Object.entries(submitted)) {
    const field = `${form}.${name}`;
    const needsApproval = validated.has(field);
    if (needsApproval) plan.supersede.push(field);
    if (sameValue(current[name], value)) continue;
    plan.changes.push({ field, subject: null, oldValue: current[name] ?? null, newValue: value, status: needsApproval ? 'pending' : 'applied' });
    if (!needsApproval) plan.apply[name] = value;
  }
  return plan;
}

export interface ContactPlan {
  inserts: Contact[];
  updates: (Contact & { id: string })[];
  deletes: string[];
  changes: PlannedChange[];
}

/** The submitted list replaces the list on file: new entries are added, missing ones removed, changed ones updated. */
export function planContactChanges(current: (Contact & { id: string })[], submitted: (Contact & { id?: string })[]): ContactPlan {
  const plan: ContactPlan = { inserts: [], updates: [], deletes: [], changes: [] };
  const byId = new Map(current.map((c) => [c.id, c]));
  const kept = new Set<string>();
  for (const contact of submitted) {
    const { id, ...value } = contact;
    if (!id) {
      plan.inserts.push(value);
      plan.changes.push({ field: 'child.contact', subject: null, oldValue: null, newValue: value, status: 'applied' });
      continue;
    }
    kept.add(id);
    const { id: _id, ...old } = byId.get(id)!;
    if (sameValue(old, value)) continue;
    plan.updates.push({ id, ...value });
    plan.changes.push({ field: 'child.contact', subject: id, oldValue: old, newValue: value, status: 'applied' });
  }
  for (const c of current) {
    if (kept.has(c.id)) continue;
    const { id, ...old } = c;
    plan.deletes.push(id);
    plan.changes.push({ field: 'child.contact', subject: id, oldValue: old, newValue: null, status: 'applied' });
  }
  return plan;
}

export function planAuthorizationChanges(current: Record<string, AuthorizationAnswer>, submitted: Record<string, AuthorizationAnswer>): { apply: Record<string, AuthorizationAnswer>; changes: PlannedChange[] } {
  const apply: Record<string, AuthorizationAnswer> = {};
  const changes: PlannedChange[] = [];
  for (const [code, answer] of Object.entries(submitted)) {
    if (current[code] === answer) continue;
    apply[code] = answer;
    changes.push({ field: 'child.authorization', subject: code, oldValue: current[code] ?? null, newValue: answer, status: 'applied' });
  }
  return { apply, changes };
}

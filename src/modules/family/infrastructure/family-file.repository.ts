import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { AuthorizationAnswer, Careplan, ChildFileValues, Contact, Diet, FamilyFileValues } from '../domain/family-file';
import { PlannedChange } from '../domain/file-changes';
import { ServiceKind } from '../domain/service-kind';

export interface AuthorizationTypeRecord {
  id: string;
  code: string;
  label: string;
  description: string | null;
  requiredFor: ServiceKind[];
  active: boolean;
  position: number;
}

export interface ChangeRecord {
  id: string;
  familyId: string;
  childId: string | null;
  childName: string | null;
  submissionId: string | null;
  field: string;
  subject: string | null;
  oldValue: unknown;
  newValue: unknown;
  status: 'applied' | 'pending' | 'approved' | 'rejected' | 'superseded';
  changedBy: string;
  changedByRole: string;
  changedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

export interface QuotientRecord {
  value: number;
  validFrom: string;
  setBy: string;
  setAt: Date;
}

export interface Actor {
  accountId: string;
  role: string;
}

/** Columns of the writable fields; a field name never reaches SQL any other way. */
const FAMILY_COLUMNS: Record<keyof FamilyFileValues, { column: string; json?: true }> = {
  address: { column: 'address', json: true },
  phones: { column: 'phones', json: true },
  email: { column: 'email' },
};
const CHILD_COLUMNS: Partial<Record<keyof ChildFileValues, string>> = {
  lastName: 'last_name',
  firstName: 'first_name',
  sex: 'sex',
  birthDate: 'birth_date',
  school: 'school',
  className: 'class_name',
};
const HEALTH_COLUMNS: Partial<Record<keyof ChildFileValues, { column: string; json?: true }>> = {
  diet: { column: 'diet', json: true },
  medicalHistory: { column: 'medical_history' },
  observations: { column: 'observations' },
  doctor: { column: 'doctor', json: true },
  careplan: { column: 'careplan', json: true },
};

const CHANGE_COLUMNS = `ch.id, ch.family_id AS "familyId", ch.child_id AS "childId",
  CASE WHEN c.id IS NULL THEN NULL ELSE c.first_name || ' ' || c.last_name END AS "childName",
  ch.submission_id AS "submissionId", ch.field, ch.subject, ch.old_value AS "oldValue", ch.new_value AS "newValue", ch.status,
  ch.changed_by AS "changedBy", ch.changed_by_role AS "changedByRole", ch.changed_at AS "changedAt",
  ch.decided_by AS "decidedBy", ch.decided_at AS "decidedAt", ch.reason`;

/** The family file and the child file beyond what staff put on file: family.family (file columns), child, child_health, contact, authorizations, submissions, changes. */
@Injectable()
export class FamilyFileRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Serializes the submissions of one family (two guardians, two tabs). False when there is no such family. */
  async lockFamily(familyId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(`SELECT id FROM family.family WHERE id = $1 FOR UPDATE`, [familyId]);
    return rows.length === 1;
  }

  async familyFile(familyId: string): Promise<FamilyFileValues | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT address, phones, email FROM family.family WHERE id = $1`, [familyId]);
    return row;
  }

  async updateFamily(familyId: string, values: Partial<FamilyFileValues>): Promise<void> {
    const entries = Object.entries(values).map(([k, v]) => ({ ...FAMILY_COLUMNS[k as keyof FamilyFileValues], value: v }));
    await this.update('family.family', 'id', familyId, entries);
  }

  /** The child, if it belongs to this family. */
  async childOf(familyId: string, childId: string): Promise<ChildFileValues | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT c.last_name AS "lastName", c.first_name AS "firstName", c.sex, to_char(c.birth_date, 'YYYY-MM-DD') AS "birthDate",
              c.school, c.class_name AS "className", h.diet, h.medical_history AS "medicalHistory", h.observations, h.doctor, h.careplan
         FROM family.child c LEFT JOIN family.child_health h ON h.child_id = c.id
        WHERE c.id = $1 AND c.family_id = $2`,
      [childId, familyId],
    );
    return row;
  }

  async childIds(familyId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.txHost.tx.query(`SELECT id FROM family.child WHERE family_id = $1 ORDER BY position`, [familyId]);
    return rows.map((r) => r.id);
  }

  async familyOfChild(childId: string): Promise<string | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT family_id AS "familyId" FROM family.child WHERE id = $1`, [childId]);
    return row?.familyId;
  }

  async updateChild(childId: string, values: Partial<ChildFileValues>): Promise<void> {
    const child = Object.entries(values).flatMap(([k, v]) => (CHILD_COLUMNS[k as keyof ChildFileValues] ? [{ column: CHILD_COLUMNS[k as keyof ChildFileValues]!, value: v }] : []));
    const health = Object.entries(values).flatMap(([k, v]) => (HEALTH_COLUMNS[k as keyof ChildFileValues] ? [{ ...HEALTH_COLUMNS[k as keyof ChildFileValues]!, value: v }] : []));
    await this.update('family.child', 'id', childId, child);
    if (health.length) {
      await this.txHost.tx.query(`INSERT INTO family.child_health (child_id) VALUES ($1) ON CONFLICT DO NOTHING`, [childId]);
      await this.update('family.child_health', 'child_id', childId, health);
    }
  }

  /** Adds a child at the end of the family's list; returns its id. */
  async insertChild(familyId: string, child: { lastName: string; firstName: string; birthDate: string; sex: string | null }): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO family.child (family_id, position, last_name, first_name, birth_date, sex)
       SELECT $1, coalesce(max(position), 0) + 1, $2, $3, $4, $5 FROM family.child WHERE family_id = $1
       RETURNING id`,
      [familyId, child.lastName, child.firstName, child.birthDate, child.sex],
    );
    return row.id;
  }

  async countChildren(familyId: string): Promise<number> {
    const [row] = await this.txHost.tx.query(`SELECT count(*)::int AS n FROM family.child WHERE family_id = $1`, [familyId]);
    return row.n;
  }

  async contacts(childId: string): Promise<(Contact & { id: string })[]> {
    return this.txHost.tx.query(
      `SELECT id, last_name AS "lastName", first_name AS "firstName", relation, address, phones, emergency, pickup
         FROM family.contact WHERE child_id = $1 ORDER BY position, created_at`,
      [childId],
    );
  }

  /** Writes the submitted list in its order: updates and inserts by position, then removes the others. */
  async replaceContacts(childId: string, list: (Contact & { id?: string })[], deletes: string[]): Promise<void> {
    if (deletes.length) await this.txHost.tx.query(`DELETE FROM family.contact WHERE child_id = $1 AND id = ANY($2::uuid[])`, [childId, deletes]);
    for (const [position, c] of list.entries()) {
      const params = [childId, position + 1, c.lastName, c.firstName, c.relation, c.address ? JSON.stringify(c.address) : null, c.phones, c.emergency, c.pickup];
      if (c.id) {
        await this.txHost.tx.query(
          `UPDATE family.contact SET position = $2, last_name = $3, first_name = $4, relation = $5, address = $6, phones = $7, emergency = $8, pickup = $9
            WHERE child_id = $1 AND id = $10`,
          [...params, c.id],
        );
      } else {
        await this.txHost.tx.query(
          `INSERT INTO family.contact (child_id, position, last_name, first_name, relation, address, phones, emergency, pickup)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          params,
        );
      }
    }
  }

  async authorizationTypes(activeOnly: boolean): Promise<AuthorizationTypeRecord[]> {
    return this.txHost.tx.query(
      `SELECT id, code, label, description, required_for AS "requiredFor", active, position
         FROM family.authorization_type WHERE active OR NOT $1 ORDER BY position, code`,
      [activeOnly],
    );
  }

  async authorizationType(id: string): Promise<AuthorizationTypeRecord | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT id, code, label, description, required_for AS "requiredFor", active, position FROM family.authorization_type WHERE id = $1`,
      [id],
    );
    return row;
  }

  async insertAuthorizationType(t: { code: string; label: string; description: string | null; requiredFor: string[] }): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO family.authorization_type (code, label, description, required_for, position)
       SELECT $1, $2, $3, $4, coalesce(max(position), 0) + 1 FROM family.authorization_type RETURNING id`,
      [t.code, t.label, t.description, t.requiredFor],
    );
    return row.id;
  }

  async updateAuthorizationType(id: string, t: { label: string; description: string | null; requiredFor: string[]; active: boolean }): Promise<boolean> {
    const [, count] = await this.txHost.tx.query(
      `UPDATE family.authorization_type SET label = $2, description = $3, required_for = $4, active = $5 WHERE id = $1`,
      [id, t.label, t.description, t.requiredFor, t.active],
    );
    return count === 1;
  }

  async answers(childId: string): Promise<Record<string, AuthorizationAnswer>> {
    const rows: { code: string; answer: AuthorizationAnswer }[] = await this.txHost.tx.query(
      `SELECT t.code, a.answer FROM family.child_authorization a JOIN family.authorization_type t ON t.id = a.type_id WHERE a.child_id = $1`,
      [childId],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r.answer]));
  }

  async saveAnswers(childId: string, answers: Record<string, AuthorizationAnswer>, by: string): Promise<void> {
    const codes = Object.keys(answers);
    if (!codes.length) return;
    await this.txHost.tx.query(
      `INSERT INTO family.child_authorization (child_id, type_id, answer, answered_by)
       SELECT $1, t.id, a.answer, $4 FROM unnest($2::text[], $3::text[]) AS a(code, answer) JOIN family.authorization_type t ON t.code = a.code
       ON CONFLICT (child_id, type_id) DO UPDATE SET answer = excluded.answer, answered_by = excluded.answered_by, answered_at = now()`,
      [childId, codes, codes.map((c) => answers[c]), by],
    );
  }

  async consentVersion(): Promise<{ version: number; text: string; publishedAt: Date }> {
    const [row] = await this.txHost.tx.query(`SELECT version, text, published_at AS "publishedAt" FROM family.consent_text ORDER BY version DESC LIMIT 1`);
    return row;
  }

  async consentText(version: number): Promise<string> {
    const [row] = await this.txHost.tx.query(`SELECT text FROM family.consent_text WHERE version = $1`, [version]);
    return row?.text;
  }

  async publishConsent(text: string, by: string): Promise<number> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO family.consent_text (version, text, published_by) SELECT coalesce(max(version), 0) + 1, $1, $2 FROM family.consent_text RETURNING version`,
      [text, by],
    );
    return row.version;
  }

  async insertSubmission(s: { familyId: string; childId: string | null; form: 'family' | 'child' | 'new-child'; consentVersion: number; by: string }): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO family.submission (family_id, child_id, form, consent_version, submitted_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [s.familyId, s.childId, s.form, s.consentVersion, s.by],
    );
    return row.id;
  }

  async submissions(familyId: string): Promise<{ id: string; childId: string | null; form: string; consentVersion: number; submittedBy: string; submittedAt: Date }[]> {
    return this.txHost.tx.query(
      `SELECT id, child_id AS "childId", form, consent_version AS "consentVersion", submitted_by AS "submittedBy", submitted_at AS "submittedAt"
         FROM family.submission WHERE family_id = $1 ORDER BY submitted_at, id`,
      [familyId],
    );
  }

  async insertChanges(familyId: string, childId: string | null, submissionId: string | null, changes: PlannedChange[], actor: Actor): Promise<void> {
    if (!changes.length) return;
    await this.txHost.tx.query(
      `INSERT INTO family.change (family_id, child_id, submission_id, field, subject, old_value, new_value, status, changed_by, changed_by_role)
       SELECT $1, $2, $3, c.field, c.subject, c.old_value, c.new_value, c.status, $9, $10
         FROM unnest($4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[]) WITH ORDINALITY AS c(field, subject, old_value, new_value, status, n)
        ORDER BY c.n`,
      [
        familyId,
        childId,
        submissionId,
        changes.map((c) => c.field),
        changes.map((c) => c.subject),
        changes.map((c) => JSON.stringify(c.oldValue ?? null)),
        changes.map((c) => JSON.stringify(c.newValue ?? null)),
        changes.map((c) => c.status),
        actor.accountId,
        actor.role,
      ],
    );
  }

  /** Marks the pending changes of these fields as replaced by a newer request. */
  async supersedePending(familyId: string, childId: string | null, fields: string[], by: string): Promise<void> {
    if (!fields.length) return;
    await this.txHost.tx.query(
      `UPDATE family.change SET status = 'superseded', decided_by = $4, decided_at = now()
        WHERE family_id = $1 AND child_id IS NOT DISTINCT FROM $2 AND field = ANY($3::text[]) AND status = 'pending'`,
      [familyId, childId, fields, by],
    );
  }

  async changes(filter: { familyId?: string; status?: string; limit: number; offset: number }): Promise<ChangeRecord[]> {
    return this.txHost.tx.query(
      `SELECT ${CHANGE_COLUMNS} FROM family.change ch LEFT JOIN family.child c ON c.id = ch.child_id
        WHERE ($1::uuid IS NULL OR ch.family_id = $1) AND ($2::text IS NULL OR ch.status = $2)
        ORDER BY ch.seq ${filter.familyId ? 'DESC' : 'ASC'} LIMIT $3 OFFSET $4`,
      [filter.familyId ?? null, filter.status ?? null, filter.limit, filter.offset],
    );
  }

  async lockChange(id: string): Promise<ChangeRecord | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${CHANGE_COLUMNS} FROM family.change ch LEFT JOIN family.child c ON c.id = ch.child_id WHERE ch.id = $1 FOR UPDATE OF ch`, [id]);
    return row;
  }

  async decide(id: string, status: 'approved' | 'rejected', by: string, reason: string | null): Promise<void> {
    await this.txHost.tx.query(`UPDATE family.change SET status = $2, decided_by = $3, decided_at = now(), reason = $4 WHERE id = $1`, [id, status, by, reason]);
  }

  async validatedFields(): Promise<Set<string>> {
    const rows: { field: string }[] = await this.txHost.tx.query(`SELECT field FROM family.validated_field`);
    return new Set(rows.map((r) => r.field));
  }

  async setValidatedFields(fields: string[], by: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM family.validated_field WHERE NOT (field = ANY($1::text[]))`, [fields]);
    await this.txHost.tx.query(`INSERT INTO family.validated_field (field, set_by) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`, [fields, by]);
  }

  async quotients(familyId: string): Promise<QuotientRecord[]> {
    return this.txHost.tx.query(
      `SELECT value, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", set_by AS "setBy", set_at AS "setAt"
         FROM family.quotient WHERE family_id = $1 ORDER BY valid_from DESC`,
      [familyId],
    );
  }

  /** Sets (or replaces) the quotient in force from a date; returns the previous value at that date, if any. */
  async setQuotient(familyId: string, value: number, validFrom: string, by: string): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO family.quotient (family_id, value, valid_from, set_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (family_id, valid_from) DO UPDATE SET value = excluded.value, set_by = excluded.set_by, set_at = now()`,
      [familyId, value, validFrom, by],
    );
  }

  async quotientAt(familyId: string, date: string): Promise<{ value: number; validFrom: string } | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT value, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom" FROM family.quotient WHERE family_id = $1 AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1`,
      [familyId, date],
    );
    return row;
  }

  async recordHealthAccess(accountId: string, familyId: string, childId: string | null, what: string): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO family.health_access (account_id, family_id, child_id, what) VALUES ($1, $2, $3, $4)`, [accountId, familyId, childId, what]);
  }

  /** Records one staff read of health data per child (set-based). */
  async recordHealthAccesses(accountId: string, children: { familyId: string; childId: string }[], what: string): Promise<void> {
    if (!children.length) return;
    await this.txHost.tx.query(
      `INSERT INTO family.health_access (account_id, family_id, child_id, what) SELECT $1, f, c, $4 FROM unnest($2::uuid[], $3::uuid[]) AS u(f, c)`,
      [accountId, children.map((c) => c.familyId), children.map((c) => c.childId), what],
    );
  }

  /** What an attendance list shows of these children: identity, school and class, diet and PAI (health data: the caller records the read). */
  async careFacts(childIds: string[]): Promise<{ childId: string; familyId: string; lastName: string; firstName: string; school: string | null; className: string | null; diet: Diet | null; careplan: Careplan | null }[]> {
    if (!childIds.length) return [];
    return this.txHost.tx.query(
      `SELECT c.id AS "childId", c.family_id AS "familyId", c.last_name AS "lastName", c.first_name AS "firstName", c.school, c.class_name AS "className", h.diet, h.careplan
         FROM family.child c LEFT JOIN family.child_health h ON h.child_id = c.id
        WHERE c.id = ANY($1::uuid[])`,
      [childIds],
    );
  }

  async healthAccesses(familyId: string): Promise<{ accountId: string; childId: string | null; what: string; at: Date }[]> {
    return this.txHost.tx.query(
      `SELECT account_id AS "accountId", child_id AS "childId", what, at FROM family.health_access WHERE family_id = $1 ORDER BY id DESC LIMIT 500`,
      [familyId],
    );
  }

  private async update(table: string, key: string, id: string, entries: { column: string; json?: true; value: unknown }[]): Promise<void> {
    if (!entries.length) return;
    const sets = entries.map((e, i) => `${e.column} = $${i + 2}`).join(', ');
    await this.txHost.tx.query(`UPDATE ${table} SET ${sets}, updated_at = now() WHERE ${key} = $1`, [
      id,
      ...entries.map((e) => (e.json && e.value !== null ? JSON.stringify(e.value) : e.value)),
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface EnrolmentRow {
  id: string;
  familyId: string;
  childId: string;
  serviceId: string;
  serviceLabel: string;
  establishmentId: string;
  schoolYear: string;
  enrolledByRole: string;
  enrolledAt: Date;
}

const COLUMNS = `en.id, en.family_id AS "familyId", en.child_id AS "childId", en.service_id AS "serviceId", s.label AS "serviceLabel",
  s.establishment_id AS "establishmentId", en.school_year AS "schoolYear", en.enrolled_by_role AS "enrolledByRole", en.enrolled_at AS "enrolledAt"`;
const FROM = `reservations.enrolment en JOIN reservations.service s ON s.id = en.service_id`;

/** reservations.enrolment. */
@Injectable()
export class EnrolmentRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async find(childId: string, serviceId: string, schoolYear: string): Promise<EnrolmentRow | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE en.child_id = $1 AND en.service_id = $2 AND en.school_year = $3`, [childId, serviceId, schoolYear]);
    return row;
  }

  /** Inserts an enrolment; a concurrent identical one wins and is returned. */
  async insert(e: { familyId: string; childId: string; serviceId: string; schoolYear: string; enrolledBy: string; enrolledByRole: string }): Promise<EnrolmentRow> {
    await this.txHost.tx.query(
      `INSERT INTO reservations.enrolment (family_id, child_id, service_id, school_year, enrolled_by, enrolled_by_role) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (child_id, service_id, school_year) DO NOTHING`,
      [e.familyId, e.childId, e.serviceId, e.schoolYear, e.enrolledBy, e.enrolledByRole],
    );
    return (await this.find(e.childId, e.serviceId, e.schoolYear))!;
  }

  async ofFamily(familyId: string, schoolYear?: string): Promise<EnrolmentRow[]> {
    return this.txHost.tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE en.family_id = $1 AND ($2::text IS NULL OR en.school_year = $2) ORDER BY en.school_year, s.label`, [
      familyId,
      schoolYear ?? null,
    ]);
  }

  async ofService(serviceId: string, schoolYear: string, limit: number, offset: number): Promise<EnrolmentRow[]> {
    return this.txHost.tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE en.service_id = $1 AND en.school_year = $2 ORDER BY en.enrolled_at, en.id LIMIT $3 OFFSET $4`, [
      serviceId,
      schoolYear,
      limit,
      offset,
    ]);
  }

  /** Deletes an enrolment unless its child still holds a place on a day of its school year from today on. */
  async deleteIfUnused(id: string): Promise<'deleted' | 'not-found' | 'in-use'> {
    const rows: { inUse: boolean }[] = await this.txHost.tx.query(
      `SELECT EXISTS (SELECT 1 FROM reservations.booking b
                      WHERE b.child_id = en.child_id AND b.service_id = en.service_id AND b.day >= current_date
                        AND b.day BETWEEN (left(en.school_year, 4) || '-09-01')::date AND (right(en.school_year, 4) || '-08-31')::date
                        AND b.status IN ('confirmed', 'requested', 'cancel-requested', 'waitlisted')) AS "inUse"
       FROM reservations.enrolment en WHERE en.id = $1 FOR UPDATE`,
      [id],
    );
    if (!rows.length) return 'not-found';
    if (rows[0].inUse) return 'in-use';
    await this.txHost.tx.query(`DELETE FROM reservations.enrolment WHERE id = $1`, [id]);
    return 'deleted';
  }
}

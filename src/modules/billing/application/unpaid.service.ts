import { Injectable } from '@nestjs/common';
import { todayInParis } from '../../../platform/dates';
import { FamilyDirectory } from '../../family';
import { FollowUpRepository, UnpaidRow } from '../infrastructure/follow-up.repository';
import { OfficeRepository } from '../infrastructure/office.repository';
import { officeNotFound } from './setup.service';

export interface UnpaidInvoice extends UnpaidRow {
  /** the guardians' names, "Marie Dupont et Paul Dupont" */
  familyName: string;
  familyReference: string | null;
}

export interface UnpaidList {
  officeId: string;
  today: string;
  /** all the office's invoices that match, beyond this page */
  count: number;
  remainingCents: number;
  invoices: UnpaidInvoice[];
}

/** Staff's follow-up of an office's unpaid invoices: what remains due, how late, which reminders went out. */
@Injectable()
export class UnpaidService {
  constructor(
    private readonly offices: OfficeRepository,
    private readonly followUp: FollowUpRepository,
    private readonly families: FamilyDirectory,
  ) {}

  async list(q: { officeId: string; overdueOnly: boolean; limit: number; offset: number }, today = todayInParis()): Promise<UnpaidList> {
    if (!(await this.offices.office(q.officeId))) throw officeNotFound();
    const totals = await this.followUp.unpaidTotals(q.officeId, today, q.overdueOnly);
    const rows = await this.followUp.unpaid(q.officeId, today, q.overdueOnly, q.limit, q.offset);
    const contacts = await this.families.billingContacts(rows.map((r) => r.familyId));
    return {
      officeId: q.officeId,
      today,
      ...totals,
      invoices: rows.map((r) => {
        const contact = contacts.get(r.familyId);
        return { ...r, familyName: contact?.guardianNames.join(' et ') ?? '', familyReference: contact?.reference ?? null };
      }),
    };
  }
}

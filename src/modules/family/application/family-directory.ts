import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { SupportingDocuments } from '../documents/application/supporting-documents';
import { ProofView } from '../documents/domain/documents-view';
import { FileState, missingProofMessage, ProofState } from '../documents/domain/supporting-document';
import { DIET_LABELS, DietKind } from '../domain/family-file';
import { nameKey } from '../domain/person-name';
import { toMobileE164 } from '../domain/phone';
import { ServiceKind } from '../domain/service-kind';
import { FamilyFileRepository } from '../infrastructure/family-file.repository';
import { FamilyRepository, GuardianRow } from '../infrastructure/family.repository';
import { Completeness, CompletenessService } from './completeness.service';

export interface GuardianOnFile {
  guardianId: string;
  familyId: string;
  lastName: string;
  firstName: string;
  email: string;
  /** E.164 */
  mobile: string;
}

export interface ChildOnFile {
  childId: string;
  lastName: string;
  firstName: string;
  birthDate: string;
}

/** A child named on a staff screen or in a message: identity only, never health data. */
export interface ChildName {
  childId: string;
  familyId: string;
  lastName: string;
  firstName: string;
}

/** A guardian who has an account: whom a message about the family goes to. */
export interface GuardianContact {
  guardianId: string;
  lastName: string;
  firstName: string;
  email: string;
}

/** Whom an invoice is addressed to: the guardians' names and the family's postal address (nothing else of the file). */
export interface BillingContact {
  familyId: string;
  /** the establishment's reference of the family, if any */
  reference: string | null;
  /** "Marie Dupont", in the family's order */
  guardianNames: string[];
  address: { line1: string; line2: string | null; postcode: string; city: string } | null;
}

/**
 * What a canteen or after-school agent needs to know of a child on an attendance list: the flags,
 * not the details (the diet's details and the PAI's content stay in the child file, whose staff
 * reads are recorded one by one).
 */
export interface ChildCareFacts extends ChildName {
  school: string | null;
  className: string | null;
  /** null: not answered on the child file */
  diet: { kind: DietKind; label: string; hasDetails: boolean } | null;
  /** "bénéficie d'un PAI"; null: not answered */
  careplan: boolean | null;
}

/** A proof (a kind of supporting document, for the family or for one child) as the family's guardians read it. */
export interface ProofSummary {
  kindCode: string;
  /** French: "Carnet de vaccination" */
  kindLabel: string;
  /** null for a family-level kind */
  childId: string | null;
  childFirstName: string | null;
  state: ProofState;
  /** some kind of service requires it */
  required: boolean;
  active: boolean;
  /** French, what is wrong with it: "Carnet de vaccination de Léo : pièce refusée (illisible)."; null when accepted */
  message: string | null;
  /** the files sent for it, newest first: their state and, for a rejected one, staff's reason */
  documents: { documentId: string; state: FileState; rejectionReason: string | null }[];
}

/**
 * The family module's public queries, for the modules whose users are waiting on them: identity's
 * activation, reservations (is the file complete for this service?), billing (the quotient in force).
 * Changes go the other way through events.
 */
@Injectable()
export class FamilyDirectory {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly families: FamilyRepository,
    private readonly files: FamilyFileRepository,
    private readonly completenessService: CompletenessService,
    private readonly supportingDocuments: SupportingDocuments,
  ) {}

  /** The family quotient in force on a date (YYYY-MM-DD), if staff set one. */
  quotientAt(familyId: string, date: string): Promise<{ value: number; validFrom: string } | undefined> {
    return this.files.quotientAt(familyId, date);
  }

  /** What the child's file lacks before the child can use this kind of service (French messages); undefined for an unknown child. */
  async completeness(childId: string, service: ServiceKind): Promise<Completeness | undefined> {
    const familyId = await this.files.familyOfChild(childId);
    return familyId ? this.completenessService.check(familyId, childId, service) : undefined;
  }

  /** The guardian on file with this name and mobile number (any spelling of accents and case, any way of writing the number). */
  async findGuardian(lastName: string, firstName: string, mobile: string): Promise<GuardianOnFile | undefined> {
    const e164 = toMobileE164(mobile);
    if (!e164) return undefined;
    return onFile(await this.families.findGuardianByMobileAndName(e164, nameKey(lastName, firstName)));
  }

  async guardian(guardianId: string): Promise<GuardianOnFile | undefined> {
    return onFile(await this.families.findGuardian(guardianId));
  }

  /** The family a child belongs to (staff screens name a child by id). */
  familyOfChild(childId: string): Promise<string | undefined> {
    return this.files.familyOfChild(childId);
  }

  async children(familyId: string): Promise<ChildOnFile[]> {
    return (await this.families.children(familyId)).map((c) => ({ childId: c.id, lastName: c.lastName, firstName: c.firstName, birthDate: c.birthDate }));
  }

  /** Names of children of any family (staff screens, messages), by id; unknown ids are absent. */
  async childNames(childIds: string[]): Promise<Map<string, ChildName>> {
    const rows = await this.families.childNames([...new Set(childIds)]);
    return new Map(rows.map((c) => [c.id, { childId: c.id, familyId: c.familyId, lastName: c.lastName, firstName: c.firstName }]));
  }

  /** The guardians of a family who have activated an account, with the e-mail on file. */
  async guardiansWithAccount(familyId: string): Promise<GuardianContact[]> {
    return (await this.families.guardiansWithAccount(familyId)).map((g) => ({ guardianId: g.id, lastName: g.lastName, firstName: g.firstName, email: g.email }));
  }

  /** Addressees of invoices (billing's PDF and exports), by family id, in one query; unknown ids are absent. */
  async billingContacts(familyIds: string[]): Promise<Map<string, BillingContact>> {
    const ids = [...new Set(familyIds)];
    if (!ids.length) return new Map();
    const rows = await this.families.billingContacts(ids);
    return new Map(
      rows.map((r) => [
        r.familyId,
        { familyId: r.familyId, reference: r.reference, guardianNames: r.guardianNames, address: r.address ? { line1: r.address.line1, line2: r.address.line2 ?? null, postcode: r.address.postcode, city: r.address.city } : null },
      ]),
    );
  }

  /**
   * The family's supporting documents proof by proof, as on its documents page but without the
   * files' names (notifications: the guardians' feed shows what to provide and why a document was
   * rejected). A rejection reason is staff's free text that may describe a health record: give it
   * to the family's own guardians only, never copy it elsewhere. `today`: YYYY-MM-DD.
   */
  async proofs(familyId: string, today: string): Promise<ProofSummary[]> {
    const view = await this.supportingDocuments.forFamily(familyId, today);
    const summary = (p: ProofView, child: { childId: string; firstName: string } | null): ProofSummary => ({
      kindCode: p.kind.code,
      kindLabel: p.kind.label,
      childId: child?.childId ?? null,
      childFirstName: child?.firstName ?? null,
      state: p.state,
      required: p.kind.requiredFor.length > 0,
      active: p.kind.active,
      message: missingProofMessage(p.kind.label, p, child?.firstName) ?? null,
      documents: [...p.files]
        .sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))
        .map((f) => ({ documentId: f.id, state: f.state, rejectionReason: f.rejectionReason })),
    });
    return [...view.family.map((p) => summary(p, null)), ...view.children.flatMap((c) => c.proofs.map((p) => summary(p, c)))];
  }

  /**
   * The attendance-list facts of these children (school, class, diet and PAI flags) for a staff
   * reader: a read of health data, recorded in `family.health_access` (one row per child, `what`
   * as given) in the same transaction. Unknown ids are absent. Never log what it returns.
   */
  async careFacts(childIds: string[], staffReader: string, what = 'attendance-list'): Promise<Map<string, ChildCareFacts>> {
    const ids = [...new Set(childIds)];
    if (!ids.length) return new Map();
    return this.txHost.withTransaction(async () => {
      const rows = await this.files.careFacts(ids);
      await this.files.recordHealthAccesses(staffReader, rows, what);
      return new Map(
        rows.map((r) => [
          r.childId,
          {
            childId: r.childId,
            familyId: r.familyId,
            lastName: r.lastName,
            firstName: r.firstName,
            school: r.school,
            className: r.className,
            diet: r.diet ? { kind: r.diet.kind, label: DIET_LABELS[r.diet.kind] ?? r.diet.kind, hasDetails: Boolean(r.diet.details?.trim()) } : null,
            careplan: r.careplan ? r.careplan.hasPlan : null,
          },
        ]),
      );
    });
  }
}

function onFile(g: GuardianRow | undefined): GuardianOnFile | undefined {
  return g && { guardianId: g.id, familyId: g.familyId, lastName: g.lastName, firstName: g.firstName, email: g.email, mobile: g.mobile };
}

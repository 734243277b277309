import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { EventPublisher } from '../../../platform/events';
import { ApplicationError } from '../../../platform/http';
import { MAX_CHILDREN } from '../domain/family-draft';
import {
  AuthorizationAnswer,
  checkChildFile,
  checkFamilyFile,
  ChildFileInput,
  ChildFileValues,
  Contact,
  FamilyFileInput,
  FamilyFileValues,
  FieldProblem,
  HEALTH_FIELDS,
} from '../domain/family-file';
import { planAuthorizationChanges, planContactChanges, planFieldChanges, PlannedChange } from '../domain/file-changes';
import '../domain/family.events';
import { Actor, AuthorizationTypeRecord, ChangeRecord, FamilyFileRepository, QuotientRecord } from '../infrastructure/family-file.repository';
import { todayInParis } from '../../../platform/dates';

/** "J'accepte": the guardian accepted this version of the text. */
export interface Consent {
  accepted: boolean;
  version: number;
}

export interface PendingChange {
  id: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  requestedAt: Date;
}

export interface FamilyFileView extends FamilyFileValues {
  quotient: { value: number; validFrom: string } | null;
  pending: PendingChange[];
}

export interface AuthorizationView {
  code: string;
  label: string;
  description: string | null;
  answer: AuthorizationAnswer | null;
}

export interface ChildFileView extends ChildFileValues {
  id: string;
  contacts: (Contact & { id: string })[];
  authorizations: AuthorizationView[];
  pending: PendingChange[];
}

export interface SubmissionResult {
  submissionId: string;
  /** fields changed now */
  applied: string[];
  /** fields waiting for staff approval: the value on file stays in force until then */
  pending: string[];
}

/**
 * The family file and the child file: guardians submit forms ("J'accepte"), every change is
 * recorded, fields staff validate wait for their approval. Rules in domain/family-file.ts and
 * domain/file-changes.ts.
 */
@Injectable()
export class FamilyFilesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly files: FamilyFileRepository,
    private readonly events: EventPublisher,
  ) {}

  async familyFile(familyId: string): Promise<FamilyFileView> {
    const file = await this.files.familyFile(familyId);
    if (!file) throw familyNotFound();
    const pending = await this.pending(familyId, null);
    return { ...file, quotient: (await this.files.quotientAt(familyId, todayInParis())) ?? null, pending };
  }

  async submitFamilyFile(familyId: string, input: FamilyFileInput, consent: Consent, actor: Actor): Promise<SubmissionResult> {
    const { values, errors } = checkFamilyFile(input);
    throwIfInvalid(errors);
    return this.txHost.withTransaction(async () => {
      if (!(await this.files.lockFamily(familyId))) throw familyNotFound();
      const version = await this.checkConsent(consent);
      const current = (await this.files.familyFile(familyId))!;
      const plan = planFieldChanges('family', current as unknown as Record<string, unknown>, values, await this.files.validatedFields());
      await this.files.supersedePending(familyId, null, plan.supersede, actor.accountId);
      await this.files.updateFamily(familyId, plan.apply);
      return this.record(familyId, null, 'family', version, plan.changes, actor);
    });
  }

  /** `staffReader`: the staff account reading it, recorded because the file holds health data (the family's own reads are not). */
  async childFile(familyId: string, childId: string, staffReader?: string): Promise<ChildFileView> {
    return this.txHost.withTransaction(async () => {
      const child = await this.files.childOf(familyId, childId);
      if (!child) throw childNotFound();
      if (staffReader) await this.files.recordHealthAccess(staffReader, familyId, childId, 'child-file');
      // One after the other: inside a transaction every query shares one connection.
      const contacts = await this.files.contacts(childId);
      const types = await this.files.authorizationTypes(true);
      const answers = await this.files.answers(childId);
      const pending = await this.pending(familyId, childId);
      return {
        id: childId,
        ...child,
        contacts,
        authorizations: types.map((t) => ({ code: t.code, label: t.label, description: t.description, answer: answers[t.code] ?? null })),
        pending,
      };
    });
  }

  async submitChildFile(familyId: string, childId: string, input: ChildFileInput, consent: Consent, actor: Actor): Promise<SubmissionResult> {
    return this.txHost.withTransaction(async () => {
      if (!(await this.files.lockFamily(familyId))) throw familyNotFound();
      const current = await this.files.childOf(familyId, childId);
      if (!current) throw childNotFound();
      const contacts = await this.files.contacts(childId);
      const checked = checkChildFile(input, {
        today: todayInParis(),
        authorizationCodes: new Set((await this.files.authorizationTypes(true)).map((t) => t.code)),
        contactIds: new Set(contacts.map((c) => c.id)),
      });
      throwIfInvalid(checked.errors);
      const version = await this.checkConsent(consent);

      const plan = planFieldChanges('child', current as unknown as Record<string, unknown>, checked.values, await this.files.validatedFields());
      await this.files.supersedePending(familyId, childId, plan.supersede, actor.accountId);
      await this.files.updateChild(childId, plan.apply);
      const changes = [...plan.changes];
      if (checked.contacts) {
        const contactPlan = planContactChanges(contacts, checked.contacts);
        if (contactPlan.changes.length) await this.files.replaceContacts(childId, checked.contacts, contactPlan.deletes);
        changes.push(...contactPlan.changes);
      }
      if (checked.authorizations) {
        const authorizationPlan = planAuthorizationChanges(await this.files.answers(childId), checked.authorizations);
        await this.files.saveAnswers(childId, authorizationPlan.apply, actor.accountId);
        changes.push(...authorizationPlan.changes);
      }
      return this.record(familyId, childId, 'child', version, changes, actor);
    });
  }

  /** A guardian (with "J'accepte") or staff adds a child: name, first name, birth date, sex. */
  async addChild(familyId: string, input: { lastName: string; firstName: string; birthDate: string; sex?: string | null }, consent: Consent | null, actor: Actor): Promise<string> {
    const { lastName, firstName, birthDate, sex } = input;
    const { values, errors } = checkChildFile({ lastName, firstName, birthDate, sex: sex ?? null }, { today: todayInParis(), authorizationCodes: new Set(), contactIds: new Set() });
    throwIfInvalid(errors);
    return this.txHost.withTransaction(async () => {
      if (!(await this.files.lockFamily(familyId))) throw familyNotFound();
      const version = consent ? await this.checkConsent(consent) : null;
      if ((await this.files.countChildren(familyId)) >= MAX_CHILDREN) throw new ApplicationError('conflict', 'family.too-many-children', `Une famille a au plus ${MAX_CHILDREN} enfants.`);
      const child = { lastName: values.lastName!, firstName: values.firstName!, birthDate: values.birthDate!, sex: values.sex ?? null };
      const childId = await this.files.insertChild(familyId, child);
      const submissionId = version ? await this.files.insertSubmission({ familyId, childId, form: 'new-child', consentVersion: version, by: actor.accountId }) : null;
      await this.files.insertChanges(familyId, childId, submissionId, [{ field: 'child.added', subject: childId, oldValue: null, newValue: child, status: 'applied' }], actor);
      await this.events.publish('family.child.added.v1', familyId, { familyId, childId, addedBy: actor.role === 'guardian' ? 'guardian' : 'staff' });
      return childId;
    });
  }

  /** The history of a family's files, newest first. A staff read that shows health data is recorded. */
  async history(familyId: string, staffReader?: string, limit = 200, offset = 0): Promise<ChangeRecord[]> {
    return this.txHost.withTransaction(async () => {
      if (!(await this.files.familyFile(familyId))) throw familyNotFound();
      const changes = await this.files.changes({ familyId, limit, offset });
      if (staffReader && changes.some((c) => HEALTH_FIELDS.has(c.field.replace(/^child\./, '')))) {
        await this.files.recordHealthAccess(staffReader, familyId, null, 'history');
      }
      return changes;
    });
  }

  // ---- staff: changes waiting for validation --------------------------------------------------

  pendingChanges(limit: number, offset: number): Promise<ChangeRecord[]> {
    return this.files.changes({ status: 'pending', limit, offset });
  }

  async decide(changeId: string, outcome: 'approved' | 'rejected', reason: string | null, actor: Actor): Promise<ChangeRecord> {
    if (outcome === 'rejected' && !reason?.trim()) throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'reason', message: 'Le motif du refus est obligatoire.' }]);
    return this.txHost.withTransaction(async () => {
      const change = await this.files.lockChange(changeId);
      if (!change) throw new ApplicationError('not_found', 'family.change-not-found', 'Modification introuvable.');
      if (change.status !== 'pending') throw new ApplicationError('conflict', 'family.change-decided', 'Cette modification a déjà été traitée ou remplacée par une demande plus récente.');
      if (outcome === 'approved') {
        const [form, name] = change.field.split('.');
        if (form === 'family') await this.files.updateFamily(change.familyId, { [name]: change.newValue });
        else await this.files.updateChild(change.childId!, { [name]: change.newValue });
      }
      await this.files.decide(changeId, outcome, actor.accountId, reason?.trim() || null);
      await this.events.publish('family.change.validated.v1', change.familyId, { changeId, familyId: change.familyId, childId: change.childId, field: change.field, outcome });
      return (await this.files.lockChange(changeId))!;
    });
  }

  // ---- staff: quotient ------------------------------------------------------------------------

  async setQuotient(familyId: string, value: number, validFrom: string, actor: Actor): Promise<QuotientRecord[]> {
    return this.txHost.withTransaction(async () => {
      if (!(await this.files.lockFamily(familyId))) throw familyNotFound();
      const before = (await this.files.quotients(familyId)).find((q) => q.validFrom === validFrom);
      if (before?.value === value) return this.files.quotients(familyId);
      await this.files.setQuotient(familyId, value, validFrom, actor.accountId);
      const change: PlannedChange = { field: 'family.quotient', subject: validFrom, oldValue: before?.value ?? null, newValue: value, status: 'applied' };
      await this.files.insertChanges(familyId, null, null, [change], actor);
      await this.events.publish('family.quotient.changed.v1', familyId, { familyId, value, validFrom });
      return this.files.quotients(familyId);
    });
  }

  quotients(familyId: string): Promise<QuotientRecord[]> {
    return this.files.quotients(familyId);
  }

  // ---- staff: settings ------------------------------------------------------------------------

  consent(): Promise<{ version: number; text: string; publishedAt: Date }> {
    return this.files.consentVersion();
  }

  async publishConsent(text: string, actor: Actor): Promise<{ version: number; text: string; publishedAt: Date }> {
    return this.txHost.withTransaction(async () => {
      await this.files.publishConsent(text.trim(), actor.accountId);
      return this.files.consentVersion();
    });
  }

  async validatedFields(): Promise<string[]> {
    return [...(await this.files.validatedFields())].sort();
  }

  async setValidatedFields(fields: string[], actor: Actor): Promise<string[]> {
    await this.txHost.withTransaction(() => this.files.setValidatedFields([...new Set(fields)], actor.accountId));
    return this.validatedFields();
  }

  authorizationTypes(activeOnly: boolean): Promise<AuthorizationTypeRecord[]> {
    return this.files.authorizationTypes(activeOnly);
  }

  async createAuthorizationType(t: { code: string; label: string; description?: string | null; requiredFor?: string[] }): Promise<AuthorizationTypeRecord> {
    try {
      const id = await this.txHost.withTransaction(() =>
        this.files.insertAuthorizationType({ code: t.code, label: t.label.trim(), description: t.description?.trim() || null, requiredFor: t.requiredFor ?? [] }),
      );
      return (await this.files.authorizationType(id))!;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ApplicationError('conflict', 'family.authorization-code-taken', 'Ce code est déjà celui d’une autre autorisation.', [{ field: 'code', message: 'déjà utilisé' }]);
      throw error;
    }
  }

  async updateAuthorizationType(id: string, t: { label: string; description?: string | null; requiredFor?: string[]; active: boolean }): Promise<AuthorizationTypeRecord> {
    const found = await this.txHost.withTransaction(() =>
      this.files.updateAuthorizationType(id, { label: t.label.trim(), description: t.description?.trim() || null, requiredFor: t.requiredFor ?? [], active: t.active }),
    );
    if (!found) throw new ApplicationError('not_found', 'family.authorization-type-not-found', 'Autorisation introuvable.');
    return (await this.files.authorizationType(id))!;
  }

  healthAccesses(familyId: string) {
    return this.files.healthAccesses(familyId);
  }

  // ---- internals ------------------------------------------------------------------------------

  private async checkConsent(consent: Consent): Promise<number> {
    if (consent.accepted !== true) {
      throw new ApplicationError('unprocessable', 'family.consent-required', 'Cochez « J’accepte » pour valider le formulaire.', [{ field: 'consent.accepted', message: 'Cochez « J’accepte » pour valider le formulaire.' }]);
    }
    const current = await this.files.consentVersion();
    if (consent.version !== current.version) {
      throw new ApplicationError('conflict', 'family.consent-outdated', 'Le texte à accepter a changé : relisez-le et acceptez la nouvelle version.', [
        { field: 'consent.version', message: `La version en vigueur est la ${current.version}.` },
      ]);
    }
    return current.version;
  }

  private async record(familyId: string, childId: string | null, form: 'family' | 'child', version: number, changes: PlannedChange[], actor: Actor): Promise<SubmissionResult> {
    const submissionId = await this.files.insertSubmission({ familyId, childId, form, consentVersion: version, by: actor.accountId });
    await this.files.insertChanges(familyId, childId, submissionId, changes, actor);
    const applied = [...new Set(changes.filter((c) => c.status === 'applied').map((c) => c.field))];
    const pending = [...new Set(changes.filter((c) => c.status === 'pending').map((c) => c.field))];
    if (changes.length) await this.events.publish('family.file.changed.v1', familyId, { familyId, childId, submissionId, fields: applied, pendingFields: pending });
    return { submissionId, applied, pending };
  }

  private async pending(familyId: string, childId: string | null): Promise<PendingChange[]> {
    const all = await this.files.changes({ familyId, status: 'pending', limit: 100, offset: 0 });
    return all
      .filter((c) => c.childId === childId)
      .map((c) => ({ id: c.id, field: c.field, oldValue: c.oldValue, newValue: c.newValue, requestedAt: c.changedAt }));
  }
}

function throwIfInvalid(errors: FieldProblem[]): void {
  if (errors.length) throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', errors.map((e) => ({ field: e.path, message: e.message })));
}

const familyNotFound = () => new ApplicationError('not_found', 'family.not-found', 'Aucune famille n’est rattachée à votre compte.');
const childNotFound = () => new ApplicationError('not_found', 'family.child-not-found', 'Enfant introuvable dans votre famille.');

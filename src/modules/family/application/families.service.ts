import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { ApplicationError, FieldError } from '../../../platform/http';
import { emailsInSeveralFamilies, LineError, locate, parseFamiliesCsv } from '../domain/family-csv';
import { todayInParis } from '../../../platform/dates';
import { toPhoneE164 } from '../domain/phone';
import { checkFamilyDraft, checkGuardianDraft, DraftError, FamilyDraft, GuardianDraft, MAX_GUARDIANS, NewFamily } from '../domain/family-draft';
import { FamilyRecord, FamilyRepository, FamilySummary } from '../infrastructure/family.repository';

export interface ImportReport {
  dryRun: boolean;
  families: number;
  guardians: number;
  children: number;
}

/** Staff create families (form) or import them (CSV): all the rules of family-draft.ts, then set-based inserts. */
@Injectable()
export class FamiliesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly families: FamilyRepository,
  ) {}

  async create(draft: FamilyDraft, staffAccountId: string): Promise<FamilyRecord> {
    const { family, errors } = checkFamilyDraft(draft, todayInParis());
    if (!family) throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', errors.map((e) => ({ field: e.path, message: e.message })));
    const id = await this.txHost.withTransaction(async () => {
      const taken = await this.takenFields([family]);
      if (taken[0].length) throw new ApplicationError('conflict', 'family.already-on-file', 'Cette famille ou l’un de ses responsables est déjà enregistré.', taken[0].map((e) => ({ field: e.path, message: e.message })));
      const [familyId] = await insertOrConflict(() => this.families.insert([family], staffAccountId));
      return familyId;
    });
    return (await this.find(id))!;
  }

  /**
   * Imports every family of the file, or none: if any line breaks a rule, the answer lists each
   * rejected line with its column and reason, and nothing is recorded. `dryRun` checks only.
   */
  async importCsv(text: string, staffAccountId: string, dryRun: boolean): Promise<ImportReport> {
    const parsed = parseFamiliesCsv(text);
    const errors: LineError[] = [...parsed.errors];
    const valid: { family: NewFamily; index: number }[] = [];
    const today = todayInParis();
    parsed.families.forEach((f, index) => {
      const { family, errors: draftErrors } = checkFamilyDraft(f.draft, today);
      if (family) valid.push({ family, index });
      errors.push(...draftErrors.map((e) => locate(f, e, parsed.headers)));
    });
    errors.push(...emailsInSeveralFamilies(parsed));

    return this.txHost.withTransaction(async () => {
      const taken = await this.takenFields(valid.map((v) => v.family));
      taken.forEach((familyErrors, i) => errors.push(...familyErrors.map((e) => locate(parsed.families[valid[i].index], e, parsed.headers))));
      const report = {
        dryRun,
        families: parsed.families.length,
        guardians: parsed.families.reduce((n, f) => n + f.draft.guardians.length, 0),
        children: parsed.families.reduce((n, f) => n + f.draft.children.length, 0),
      };
      if (errors.length) {
        const lines = new Set(errors.map((e) => e.line)).size;
        throw new ApplicationError(
          'unprocessable',
          'family.import-rejected',
          `Import refusé : ${lines} ligne(s) en erreur sur ${parsed.lines}. Rien n’a été importé ; corrigez le fichier et envoyez-le à nouveau.`,
          errors.sort((a, b) => a.line - b.line).map((e): FieldError => ({ line: e.line, field: e.column ?? 'fichier', message: e.message })),
        );
      }
      if (report.families === 0) throw new ApplicationError('unprocessable', 'family.import-empty', 'Le fichier ne contient aucune famille.');
      if (!dryRun) await insertOrConflict(() => this.families.insert(valid.map((v) => v.family), staffAccountId));
      return report;
    });
  }

  /** Staff add the second guardian of a family: they activate their own account, and see the same children. */
  async addGuardian(familyId: string, draft: GuardianDraft): Promise<FamilyRecord> {
    const errors: DraftError[] = [];
    const guardian = checkGuardianDraft(draft, 'guardian', errors);
    if (errors.length) throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', errors.map((e) => ({ field: e.path.replace(/^guardian\./, ''), message: e.message })));
    await this.txHost.withTransaction(async () => {
      const family = await this.families.find(familyId, true);
      if (!family) throw new ApplicationError('not_found', 'family.not-found', 'Famille introuvable.');
      if (family.guardians.length >= MAX_GUARDIANS) throw new ApplicationError('conflict', 'family.guardians-full', `Une famille a au plus ${MAX_GUARDIANS} responsables légaux.`);
      if ((await this.families.takenEmails([guardian.email])).size) {
        throw new ApplicationError('conflict', 'family.already-on-file', 'Cette adresse e-mail est déjà celle d’un responsable enregistré.', [{ field: 'email', message: 'déjà utilisée' }]);
      }
      await insertOrConflict(() => this.families.insertGuardian(familyId, guardian, family.guardians.length + 1));
    });
    return (await this.find(familyId))!;
  }

  find(id: string): Promise<FamilyRecord | undefined> {
    return this.families.find(id);
  }

  search(text: string, limit: number, offset: number): Promise<FamilySummary[]> {
    return this.families.search(text, limit, offset, /^[+\d][\d .-]{5,}$/.test(text) ? toPhoneE164(text) : undefined);
  }

  /** For each family, the fields already on file: its reference, its guardians' e-mails. */
  private async takenFields(families: NewFamily[]): Promise<{ path: string; message: string }[][]> {
    const emails = await this.families.takenEmails(families.flatMap((f) => f.guardians.map((g) => g.email)));
    const references = await this.families.takenReferences(families.flatMap((f) => (f.reference ? [f.reference] : [])));
    return families.map((f) => [
      ...(f.reference && references.has(f.reference) ? [{ path: 'reference', message: `La référence ${f.reference} est déjà celle d’une famille enregistrée.` }] : []),
      ...f.guardians.flatMap((g, i) => (emails.has(g.email) ? [{ path: `guardians[${i}].email`, message: 'Cette adresse e-mail est déjà celle d’un responsable enregistré.' }] : [])),
    ]);
  }
}

/** A concurrent insert of the same reference or e-mail loses on the unique index: a conflict, not a 500. */
async function insertOrConflict<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new ApplicationError('conflict', 'family.already-on-file', 'Une famille ou un responsable identique vient d’être enregistré. Vérifiez puis réessayez.');
    }
    throw error;
  }
}

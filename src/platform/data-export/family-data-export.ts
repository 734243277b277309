import { Injectable } from '@nestjs/common';

/** One module's part of a family's data export: everything it holds about that family, as plain JSON. */
export type FamilyDataSection = (familyId: string) => Promise<unknown>;

/**
 * The right of access (GDPR art. 15, 20): a guardian downloads everything Guichet holds about the
 * family. Each module that holds family data registers its section here when it starts (identity:
 * accounts; family: the files; reservations, billing, payments…), so no module reads another's
 * tables and a new module cannot be forgotten by the export: it only has to register.
 */
@Injectable()
export class FamilyDataExport {
  private readonly sections = new Map<string, FamilyDataSection>();

  register(name: string, section: FamilyDataSection): void {
    if (this.sections.has(name)) throw new Error(`Family data export: section "${name}" registered twice`);
    this.sections.set(name, section);
  }

  /** Every registered section, by name (alphabetical). */
  async collect(familyId: string): Promise<Record<string, unknown>> {
    const names = [...this.sections.keys()].sort();
    const parts = await Promise.all(names.map((name) => this.sections.get(name)!(familyId)));
    return Object.fromEntries(names.map((name, i) => [name, parts[i]]));
  }
}

import { parse } from 'csv-parse/sync';
import { ChildDraft, DraftError, FamilyDraft, GuardianDraft, isoDate } from './family-draft';

/**
 * The CSV file staff import families from: one line per person, grouped by family reference.
 *
 *   reference_famille;qualite;nom;prenom;courriel;mobile;date_naissance
 *   F-0001;responsable;Dupont;Marie;marie.dupont@example.fr;06 12 34 56 78;
 *   F-0001;enfant;Dupont;Léo;;;14/03/2016
 *
 * `;` or `,` separated, UTF-8 (with or without BOM), header names case- and accent-insensitive
 * (English names are accepted too). Parsing is pure; the import rules live in family-draft.ts.
 */
export const CSV_COLUMNS = {
  reference: ['reference_famille', 'reference', 'famille', 'family_reference'],
  role: ['qualite', 'role', 'type'],
  lastName: ['nom', 'last_name', 'nom_de_famille'],
  firstName: ['prenom', 'first_name'],
  email: ['courriel', 'email', 'e_mail', 'mail', 'adresse_e_mail'],
  mobile: ['mobile', 'portable', 'telephone_portable', 'telephone'],
  birthDate: ['date_naissance', 'date_de_naissance', 'birth_date', 'ne_le'],
} as const;
type Column = keyof typeof CSV_COLUMNS;

const GUARDIAN_ROLES = new Set(['responsable', 'responsable_legal', 'representant_legal', 'representant', 'parent', 'guardian']);
const CHILD_ROLES = new Set(['enfant', 'eleve', 'child']);
export const MAX_IMPORT_LINES = 10_000;

export interface LineError {
  /** line number in the file (the header is line 1); 0 for the file as a whole */
  line: number;
  /** the column's header as written in the file, when one column is at fault */
  column?: string;
  message: string;
}

export interface ParsedFamily {
  draft: FamilyDraft & { reference: string };
  guardianLines: number[];
  childLines: number[];
  /** every line of the family, rejected ones included */
  lines: number[];
}

export interface ParsedFile {
  families: ParsedFamily[];
  errors: LineError[];
  lines: number;
  headers: Record<Column, string>;
}

export function parseFamiliesCsv(text: string): ParsedFile {
  const empty = { families: [], lines: 0, headers: {} as Record<Column, string> };
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, delimiter: [';', ','], relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { ...empty, errors: [{ line, message: `Le fichier n'est pas un CSV lisible : ${(error as Error).message}` }] };
  }
  if (rows.length === 0) return { ...empty, errors: [{ line: 0, message: 'Le fichier est vide.' }] };
  if (rows.length - 1 > MAX_IMPORT_LINES) {
    return { ...empty, errors: [{ line: 0, message: `Le fichier a plus de ${MAX_IMPORT_LINES} lignes : découpez-le.` }] };
  }

  const header = rows[0].record.map(fold);
  const index = {} as Record<Column, number>;
  const headers = {} as Record<Column, string>;
  const missing: string[] = [];
  for (const column of Object.keys(CSV_COLUMNS) as Column[]) {
    const at = header.findIndex((h) => (CSV_COLUMNS[column] as readonly string[]).includes(h));
    if (at < 0) missing.push(CSV_COLUMNS[column][0]);
    index[column] = at;
    headers[column] = at < 0 ? CSV_COLUMNS[column][0] : rows[0].record[at];
  }
  if (missing.length) {
    return { ...empty, headers, errors: [{ line: 1, message: `Colonnes manquantes : ${missing.join(', ')}. La première ligne doit nommer les colonnes : ${Object.values(CSV_COLUMNS).map((c) => c[0]).join(';')}.` }] };
  }

  const errors: LineError[] = [];
  const byReference = new Map<string, ParsedFamily>();
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    const cell = (c: Column) => record[index[c]] ?? '';
    const reference = cell('reference');
    if (!reference) {
      errors.push({ line, column: headers.reference, message: 'La référence de la famille est obligatoire (elle regroupe les lignes d’une même famille).' });
      continue;
    }
    const family = byReference.get(reference) ?? { draft: { reference, guardians: [], children: [] }, guardianLines: [], childLines: [], lines: [] };
    byReference.set(reference, family);
    family.lines.push(line);
    const role = fold(cell('role'));
    if (GUARDIAN_ROLES.has(role)) {
      const guardian: GuardianDraft = { lastName: cell('lastName'), firstName: cell('firstName'), email: cell('email'), mobile: cell('mobile') };
      family.draft.guardians.push(guardian);
      family.guardianLines.push(line);
    } else if (CHILD_ROLES.has(role)) {
      const child: ChildDraft = { lastName: cell('lastName'), firstName: cell('firstName'), birthDate: isoDate(cell('birthDate')) };
      family.draft.children.push(child);
      family.childLines.push(line);
    } else {
      errors.push({ line, column: headers.role, message: `Qualité « ${cell('role')} » inconnue : « responsable » ou « enfant ».` });
    }
  }
  return { families: [...byReference.values()], errors, lines: rows.length - 1, headers };
}

/** Where in the file a rule broken by a family's draft is: `guardians[1].mobile` → that guardian's line, column "mobile". */
export function locate(family: ParsedFamily, error: DraftError, headers: Record<Column, string>): LineError {
  const m = /^(guardians|children)\[(\d+)\](?:\.(\w+))?$/.exec(error.path);
  if (m) {
    const lines = m[1] === 'guardians' ? family.guardianLines : family.childLines;
    const field = m[3] as Column | undefined;
    return { line: lines[Number(m[2])], ...(field && field in headers ? { column: headers[field] } : {}), message: error.message };
  }
  return { line: family.lines[0], ...(error.path === 'reference' ? { column: headers.reference } : {}), message: `Famille ${family.draft.reference} : ${error.message}` };
}

/** A guardian e-mail already used in another family of the file: reported on its later lines. */
export function emailsInSeveralFamilies(file: ParsedFile): LineError[] {
  const first = new Map<string, { reference: string; line: number }>();
  const errors: LineError[] = [];
  for (const f of file.families) {
    f.draft.guardians.forEach((g, i) => {
      const email = g.email.trim().toLowerCase();
      const seen = first.get(email);
      if (!email) return;
      if (!seen) first.set(email, { reference: f.draft.reference, line: f.guardianLines[i] });
      else if (seen.reference !== f.draft.reference) {
        errors.push({ line: f.guardianLines[i], column: file.headers.email, message: `Cette adresse e-mail est déjà celle d’un responsable à la ligne ${seen.line}.` });
      }
    });
  }
  return errors;
}

function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

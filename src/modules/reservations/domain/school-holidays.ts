import { parse } from 'csv-parse/sync';
import { isIsoDate, todayIn } from '../../../platform/dates';
import { addDays, isSchoolYear, schoolYearOf } from './calendar';
import { HOLIDAY_ZONES } from './catalogue';

/**
 * The ministry's school calendar ("Calendrier scolaire", data.education.gouv.fr, dataset
 * fr-en-calendrier-scolaire), as its CSV export: one line per holiday and académie, columns
 * `Description;Population;Date de début;Date de fin;Zones;annee_scolaire;…`. "Date de début" is the
 * first day without school and "Date de fin" the day school resumes, both at midnight in Paris
 * (written as UTC instants, `2025-10-17T22:00:00+00:00`, or as plain dates). Lines for teachers only
 * are left out; the académies of a zone give the same dates, kept once.
 */
export interface ParsedHoliday {
  zone: string;
  label: string;
  startsOn: string;
  /** last day without school */
  endsOn: string;
  schoolYear: string;
}

export interface CsvError {
  line: number;
  field: string;
  message: string;
}

const COLUMNS = { description: 'description', population: 'population', start: 'date de début', end: 'date de fin', zones: 'zones', year: 'annee_scolaire' } as const;

const normalize = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** A ministry date (instant or plain date) → the day in Paris. */
function parisDay(value: string): string | undefined {
  if (isIsoDate(value)) return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value) ? undefined : todayIn('Europe/Paris', instant);
}

function zoneOf(value: string): string | undefined {
  const name = value.trim().replace(/^zone\s+/i, '');
  return HOLIDAY_ZONES.find((z) => z.toLowerCase() === name.toLowerCase());
}

export function parseSchoolCalendarCsv(text: string): { holidays: ParsedHoliday[]; errors: CsvError[] } {
  const errors: CsvError[] = [];
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, delimiter: [';', ','], relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    return { holidays: [], errors: [{ line: 0, field: 'fichier', message: `Fichier CSV illisible : ${(e as Error).message}` }] };
  }
  if (rows.length < 2) return { holidays: [], errors: [{ line: 0, field: 'fichier', message: 'Le fichier ne contient aucune ligne de vacances.' }] };
  const header = rows[0].map(normalize);
  const index = Object.fromEntries(Object.entries(COLUMNS).map(([key, name]) => [key, header.indexOf(name)])) as Record<keyof typeof COLUMNS, number>;
  const missing = Object.entries(index).filter(([key, i]) => i < 0 && key !== 'population' && key !== 'year');
  if (missing.length) {
    return { holidays: [], errors: [{ line: 1, field: 'en-tête', message: `Colonnes attendues : ${missing.map(([k]) => COLUMNS[k as keyof typeof COLUMNS]).join(', ')}.` }] };
  }
  const byKey = new Map<string, ParsedHoliday>();
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const cell = (key: keyof typeof COLUMNS) => (index[key] >= 0 ? (row[index[key]] ?? '').trim() : '');
    if (/enseignant/i.test(cell('population'))) return;
    const label = cell('description');
    const zone = zoneOf(cell('zones'));
    const start = parisDay(cell('start'));
    const resume = parisDay(cell('end'));
    if (!label) errors.push({ line, field: 'Description', message: 'vide' });
    if (!zone) errors.push({ line, field: 'Zones', message: `zone inconnue « ${cell('zones')} »` });
    if (!start) errors.push({ line, field: 'Date de début', message: `date illisible « ${cell('start')} »` });
    if (!resume) errors.push({ line, field: 'Date de fin', message: `date illisible « ${cell('end')} »` });
    if (!label || !zone || !start || !resume) return;
    if (resume <= start) return void errors.push({ line, field: 'Date de fin', message: 'doit suivre la date de début' });
    const year = cell('year');
    const schoolYear = isSchoolYear(year) ? year : schoolYearOf(start);
    const holiday = { zone, label, startsOn: start, endsOn: addDays(resume, -1), schoolYear };
    byKey.set(`${zone}|${start}`, holiday);
  });
  return { holidays: [...byKey.values()].sort((a, b) => a.zone.localeCompare(b.zone) || a.startsOn.localeCompare(b.startsOn)), errors };
}

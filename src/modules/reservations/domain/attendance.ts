import { frenchDate } from '../../../platform/dates';
import { BookingStatus, Slot } from './booking-plan';

/**
 * Attendance lists ("listes de présence") for canteen and after-school agents, and what they record.
 * Pure: the lists are built from the day's bookings, what was already recorded and the children's
 * facts read from the family file (flags only: a diet's kind and whether it has details, PAI yes/no).
 */
export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = { present: 'Présent', absent: 'Absent', excused: 'Excusé' };

/** Bookings that mean the child is expected (it holds a confirmed place; a cancellation asked for is not granted yet). */
export const EXPECTED: ReadonlySet<BookingStatus> = new Set(['confirmed', 'cancel-requested']);

export type ListedStatus = 'confirmed' | 'cancel-requested' | 'requested';
const STATUS_LABELS: Record<ListedStatus | 'none', string> = {
  confirmed: 'Attendu',
  'cancel-requested': 'Annulation demandée',
  requested: 'En attente',
  none: 'Non réservé',
};

export const MAX_ENTRIES = 1000;

export interface CareFacts {
  firstName: string;
  lastName: string;
  school: string | null;
  className: string | null;
  diet: { kind: string; label: string; hasDetails: boolean } | null;
  careplan: boolean | null;
}

export interface AttendanceRow {
  childId: string;
  familyId: string;
  firstName: string | null;
  lastName: string | null;
  school: string | null;
  className: string | null;
  /** null: recorded without a booking */
  bookingStatus: ListedStatus | null;
  statusLabel: string;
  slot: Slot | null;
  diet: CareFacts['diet'];
  careplan: boolean | null;
  attendance: AttendanceStatus | null;
}

export interface AttendanceCounts {
  expected: number;
  withDiet: number;
  withCareplan: number;
  pending: number;
  present: number;
  absent: number;
  excused: number;
  unbooked: number;
}

export interface AttendanceLists {
  counts: AttendanceCounts;
  /** confirmed, or a cancellation asked for and not yet granted */
  expected: AttendanceRow[];
  /** booking requests staff have not decided ("en attente") */
  pending: AttendanceRow[];
  /** recorded, though neither expected nor waiting (an unbooked presence) */
  unbooked: AttendanceRow[];
}

const collator = new Intl.Collator('fr', { sensitivity: 'base' });
const byName = (a: AttendanceRow, b: AttendanceRow) => collator.compare(a.lastName ?? '\uffff', b.lastName ?? '\uffff') || collator.compare(a.firstName ?? '', b.firstName ?? '') || a.childId.localeCompare(b.childId);

export function attendanceLists(
  bookings: { childId: string; familyId: string; status: BookingStatus; slot: Slot | null }[],
  recorded: { childId: string; familyId: string; status: AttendanceStatus }[],
  facts: ReadonlyMap<string, CareFacts>,
): AttendanceLists {
  const attendance = new Map(recorded.map((r) => [r.childId, r.status]));
  const row = (childId: string, familyId: string, status: ListedStatus | null, slot: Slot | null): AttendanceRow => {
    const f = facts.get(childId);
    return {
      childId,
      familyId,
      firstName: f?.firstName ?? null,
      lastName: f?.lastName ?? null,
      school: f?.school ?? null,
      className: f?.className ?? null,
      bookingStatus: status,
      statusLabel: STATUS_LABELS[status ?? 'none'],
      slot,
      diet: f?.diet ?? null,
      careplan: f?.careplan ?? null,
      attendance: attendance.get(childId) ?? null,
    };
  };
  const expected = bookings.filter((b) => EXPECTED.has(b.status)).map((b) => row(b.childId, b.familyId, b.status as ListedStatus, b.slot)).sort(byName);
  const pending = bookings.filter((b) => b.status === 'requested').map((b) => row(b.childId, b.familyId, 'requested', b.slot)).sort(byName);
  const listed = new Set(bookings.map((b) => b.childId));
  const unbooked = recorded.filter((r) => !listed.has(r.childId)).map((r) => row(r.childId, r.familyId, null, null)).sort(byName);
  const count = (status: AttendanceStatus) => recorded.filter((r) => r.status === status).length;
  return {
    counts: {
      expected: expected.length,
      withDiet: expected.filter((r) => r.diet && r.diet.kind !== 'none').length,
      withCareplan: expected.filter((r) => r.careplan === true).length,
      pending: pending.length,
      present: count('present'),
      absent: count('absent'),
      excused: count('excused'),
      unbooked: unbooked.length,
    },
    expected,
    pending,
    unbooked,
  };
}

// ---- CSV for Excel ------------------------------------------------------------------------------

/** A cell: a formula-looking value is neutralised (CSV injection), a value with `;`, quotes or line breaks is quoted. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const yesNo = (value: boolean | null | undefined, unknown = 'Non renseigné') => (value === null || value === undefined ? unknown : value ? 'Oui' : 'Non');

export const CSV_HEADERS = ['Nom', 'Prénom', 'École', 'Classe', 'Statut', 'Créneau', 'Régime alimentaire', 'Précisions au dossier', 'PAI', 'Présence'];

/**
 * The lists as one CSV file for Excel (`;`, CRLF; the caller adds the UTF-8 BOM): the service, the
 * day and the counts at the top, then one line per child — expected, then waiting, then unbooked.
 */
export function attendanceCsv(sheet: AttendanceLists & { serviceLabel: string; establishmentName: string; date: string }): string {
  const line = (cells: (string | number | null)[]) => cells.map(csvCell).join(';');
  const { counts } = sheet;
  const lines = [
    line(['Service', sheet.serviceLabel]),
    line(['Établissement', sheet.establishmentName]),
    line(['Date', frenchDate(sheet.date)]),
    line(['Attendus', counts.expected]),
    line(['Avec régime alimentaire', counts.withDiet]),
    line(['Avec PAI', counts.withCareplan]),
    line(['En attente', counts.pending]),
    '',
    line(CSV_HEADERS),
    ...[...sheet.expected, ...sheet.pending, ...sheet.unbooked].map((r) =>
      line([
        r.lastName,
        r.firstName,
        r.school,
        r.className,
        r.statusLabel,
        r.slot ? `${r.slot.start}-${r.slot.end}` : '',
        r.diet ? r.diet.label : 'Non renseigné',
        r.diet ? yesNo(r.diet.hasDetails) : '',
        yesNo(r.careplan),
        r.attendance ? ATTENDANCE_LABELS[r.attendance] : '',
      ]),
    ),
  ];
  return lines.join('\r\n') + '\r\n';
}

/** `Restauration scolaire`, `2026-11-03` → `presences-restauration-scolaire-2026-11-03.csv`. */
export function attendanceFileName(serviceLabel: string, date: string): string {
  const slug = serviceLabel
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `presences-${slug || 'service'}-${date}.csv`;
}

import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Activation of a guardian account (seeds 001 and 004): the rules, free of Nest and SQL.
 *
 *   code ──(right SMS code)──► children ──(birth dates)──► password ──(e-mail link)──► completed
 *     │ 5 wrong codes: locked until a new code      │ 5 wrong answers: locked            │
 *     └──────────────── not finished within 15 days: expired ───────────────────────────┘
 */
export const ACTIVATION_RULES = {
  lifetimeDays: 15,
  codeTtlMinutes: 30,
  maxCodeAttempts: 5,
  /** codes sent per activation (the first one included) */
  maxCodesSent: 3,
  maxBirthDateAttempts: 5,
} as const;

export type ActivationStep = 'code' | 'children' | 'password' | 'completed' | 'expired';

export interface ActivationState {
  expiresAt: Date;
  codeVerifiedAt: Date | null;
  childrenConfirmedAt: Date | null;
  completedAt: Date | null;
}

export function stepOf(a: ActivationState, now: Date): ActivationStep {
  if (a.completedAt) return 'completed';
  if (a.expiresAt <= now) return 'expired';
  if (!a.codeVerifiedAt) return 'code';
  if (!a.childrenConfirmedAt) return 'children';
  return 'password';
}

export function newActivationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Codes are stored hashed with their activation's id. */
export function hashCode(activationId: string, code: string): Buffer {
  return createHash('sha256').update(`${activationId}:${code}`).digest();
}

export function codeMatches(activationId: string, code: string, expected: Buffer): boolean {
  return timingSafeEqual(hashCode(activationId, code), expected);
}

export interface ChildToConfirm {
  childId: string;
  birthDate: string;
}

export interface ChildAnswer {
  childId: string;
  /** "Je suis le représentant légal de cet élève ?" — Oui / Non */
  isLegalGuardian: boolean;
  /** required when isLegalGuardian: the child's birth date, YYYY-MM-DD */
  birthDate?: string;
}

/**
 * Each child on file must be answered; a "yes" needs the birth date the establishment has; at
 * least one child must be confirmed. Returns the confirmed children, or the field errors.
 */
export function checkChildrenAnswers(
  onFile: ChildToConfirm[],
  answers: ChildAnswer[],
): { confirmed: string[]; errors: { field: string; message: string }[]; wrongBirthDates: number } {
  const errors: { field: string; message: string }[] = [];
  let wrongBirthDates = 0;
  const byId = new Map(answers.map((a, i) => [a.childId, { answer: a, index: i }]));
  answers.forEach((a, i) => {
    if (!onFile.some((c) => c.childId === a.childId)) errors.push({ field: `children[${i}].childId`, message: "Cet enfant ne fait pas partie de cette activation." });
  });
  if (byId.size !== answers.length) errors.push({ field: 'children', message: 'Chaque enfant ne doit être indiqué qu’une fois.' });
  const confirmed: string[] = [];
  for (const child of onFile) {
    const entry = byId.get(child.childId);
    if (!entry) {
      errors.push({ field: 'children', message: 'Répondez pour chacun des enfants : êtes-vous son représentant légal ?' });
      continue;
    }
    const { answer, index } = entry;
    if (!answer.isLegalGuardian) continue;
    if (!answer.birthDate) errors.push({ field: `children[${index}].birthDate`, message: 'Indiquez la date de naissance de cet enfant.' });
    else if (answer.birthDate !== child.birthDate) {
      wrongBirthDates++;
      errors.push({ field: `children[${index}].birthDate`, message: "Cette date de naissance ne correspond pas à celle que connaît l'établissement." });
    } else confirmed.push(child.childId);
  }
  if (!errors.length && confirmed.length === 0) {
    errors.push({ field: 'children', message: "L'activation est réservée aux représentants légaux : confirmez au moins un enfant." });
  }
  return { confirmed: errors.length ? [] : confirmed, errors: dedupe(errors), wrongBirthDates };
}

function dedupe(errors: { field: string; message: string }[]): { field: string; message: string }[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.field + e.message) && seen.add(e.field + e.message));
}

import { IdentityError } from './identity.errors';

/**
 * Password rules of the manuals (seed 004): at least 8 characters, a lower-case letter, an
 * upper-case letter, a digit and a special character. Returns the French message naming what is
 * missing, or null when the password is acceptable.
 */
const RULES: { test: (p: string) => boolean; missing: string }[] = [
  { test: (p) => [...p].length >= 8, missing: 'au moins 8 caractères' },
  { test: (p) => /\p{Ll}/u.test(p), missing: 'une lettre minuscule' },
  { test: (p) => /\p{Lu}/u.test(p), missing: 'une lettre majuscule' },
  { test: (p) => /\p{Nd}/u.test(p), missing: 'un chiffre' },
  { test: (p) => /[^\p{L}\p{Nd}\s]/u.test(p), missing: 'un caractère spécial' },
];

export const MAX_PASSWORD_LENGTH = 128;

export function passwordProblem(password: string): string | null {
  if ([...password].length > MAX_PASSWORD_LENGTH) return `Le mot de passe ne doit pas dépasser ${MAX_PASSWORD_LENGTH} caractères.`;
  const missing = RULES.filter((r) => !r.test(password)).map((r) => r.missing);
  if (missing.length === 0) return null;
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} et ${missing[missing.length - 1]}`;
  return `Le mot de passe doit contenir ${list}.`;
}

/** A new password and its confirmation, as typed twice: throws a field error naming what is wrong. */
export function checkNewPassword(next: string, confirmation: string, field: string, confirmationField = 'confirmation'): void {
  const problem = passwordProblem(next);
  if (problem) throw IdentityError.invalidField(field, problem);
  if (next !== confirmation) throw IdentityError.invalidField(confirmationField, 'La confirmation ne correspond pas au nouveau mot de passe.');
}

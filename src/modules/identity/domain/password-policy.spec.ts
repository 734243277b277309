import { passwordProblem } from './password-policy';

describe('passwordProblem (seed 004 rules)', () => {
  it.each(['Abcdef1!', 'Été-2024x', 'Motdepasse9?', 'ÀÉÎ123abc#'])('accepts %s', (p) => expect(passwordProblem(p)).toBeNull());

  it.each([
    ['Ab1!', 'Le mot de passe doit contenir au moins 8 caractères.'],
    ['ABCDEFG1!', 'Le mot de passe doit contenir une lettre minuscule.'],
    ['abcdefg1!', 'Le mot de passe doit contenir une lettre majuscule.'],
    ['Abcdefgh!', 'Le mot de passe doit contenir un chiffre.'],
    ['Abcdefgh1', 'Le mot de passe doit contenir un caractère spécial.'],
    ['abc', 'Le mot de passe doit contenir au moins 8 caractères, une lettre majuscule, un chiffre et un caractère spécial.'],
    ['', 'Le mot de passe doit contenir au moins 8 caractères, une lettre minuscule, une lettre majuscule, un chiffre et un caractère spécial.'],
  ])('names what %s lacks', (p, message) => expect(passwordProblem(p)).toBe(message));

  it('does not count a space as a special character', () => expect(passwordProblem('Abcdefg1 ')).toMatch(/caractère spécial/));
  it('refuses an overlong password', () => expect(passwordProblem(`Aa1!${'x'.repeat(200)}`)).toMatch(/ne doit pas dépasser 128/));
});

import { checkChildrenAnswers, codeMatches, hashCode, newActivationCode, stepOf } from './activation';

describe('activation rules', () => {
  const onFile = [
    { childId: 'a', birthDate: '2016-03-14' },
    { childId: 'b', birthDate: '2019-07-01' },
  ];

  it('confirms the children answered yes with the right birth date', () => {
    expect(checkChildrenAnswers(onFile, [
      { childId: 'a', isLegalGuardian: true, birthDate: '2016-03-14' },
      { childId: 'b', isLegalGuardian: false },
    ])).toEqual({ confirmed: ['a'], errors: [], wrongBirthDates: 0 });
  });

  it('refuses a wrong birth date, naming the child answered', () => {
    const r = checkChildrenAnswers(onFile, [
      { childId: 'a', isLegalGuardian: true, birthDate: '2016-03-14' },
      { childId: 'b', isLegalGuardian: true, birthDate: '2019-07-02' },
    ]);
    expect(r.confirmed).toEqual([]);
    expect(r.wrongBirthDates).toBe(1);
    expect(r.errors).toEqual([{ field: 'children[1].birthDate', message: expect.stringMatching(/ne correspond pas/) }]);
  });

  it('wants an answer for every child, at least one yes, and no stranger', () => {
    expect(checkChildrenAnswers(onFile, [{ childId: 'a', isLegalGuardian: true, birthDate: '2016-03-14' }]).errors[0].message).toMatch(/chacun des enfants/);
    expect(checkChildrenAnswers(onFile, [{ childId: 'a', isLegalGuardian: false }, { childId: 'b', isLegalGuardian: false }]).errors[0].message).toMatch(/au moins un enfant/);
    expect(checkChildrenAnswers(onFile, [...onFile.map((c) => ({ ...c, isLegalGuardian: true })), { childId: 'z', isLegalGuardian: true, birthDate: '2016-03-14' }]).errors[0].field).toBe('children[2].childId');
  });

  it('moves through its steps and expires', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const base = { expiresAt: new Date('2026-12-08T12:00:00Z'), codeVerifiedAt: null, childrenConfirmedAt: null, completedAt: null };
    expect(stepOf(base, now)).toBe('code');
    expect(stepOf({ ...base, codeVerifiedAt: now }, now)).toBe('children');
    expect(stepOf({ ...base, codeVerifiedAt: now, childrenConfirmedAt: now }, now)).toBe('password');
    expect(stepOf({ ...base, completedAt: now }, now)).toBe('completed');
    expect(stepOf(base, new Date('2026-12-08T12:00:00Z'))).toBe('expired');
  });

  it('makes 6-digit codes and matches them only with their activation', () => {
    const code = newActivationCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(codeMatches('x', code, hashCode('x', code))).toBe(true);
    expect(codeMatches('y', code, hashCode('x', code))).toBe(false);
  });
});

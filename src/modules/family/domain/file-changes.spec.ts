import { Contact } from './family-file';
import { planAuthorizationChanges, planContactChanges, planFieldChanges } from './file-changes';

describe('what a submitted form changes', () => {
  const address = { line1: '1 rue A', line2: null, postcode: '60400', city: 'Noyon', inseeCode: '60471' };

  it('applies changed fields at once, leaves equal ones alone, and holds fields staff validate', () => {
    const plan = planFieldChanges(
      'family',
      { address, phones: [], email: 'a@b.fr' },
      { address: { ...address }, phones: [{ label: 'domicile', number: '+33344123456' }], email: 'c@d.fr' },
      new Set(['family.email']),
    );
    expect(plan.apply).toEqual({ phones: [{ label: 'domicile', number: '+33344123456' }] });
    expect(plan.changes).toEqual([
      { field: 'family.phones', subject: null, oldValue: [], newValue: [{ label: 'domicile', number: '+33344123456' }], status: 'applied' },
      { field: 'family.email', subject: null, oldValue: 'a@b.fr', newValue: 'c@d.fr', status: 'pending' },
    ]);
    expect(plan.supersede).toEqual(['family.email']);
  });

  it('compares values whatever the order of their keys', () => {
    const plan = planFieldChanges('family', { address }, { address: { inseeCode: '60471', city: 'Noyon', postcode: '60400', line2: null, line1: '1 rue A' } }, new Set());
    expect(plan.changes).toEqual([]);
  });

  it('a guardian going back to the value in force withdraws the pending request', () => {
    const plan = planFieldChanges('child', { birthDate: '2016-01-01' }, { birthDate: '2016-01-01' }, new Set(['child.birthDate']));
    expect(plan.changes).toEqual([]);
    expect(plan.supersede).toEqual(['child.birthDate']);
  });

  it('turns the submitted contact list into additions, changes and removals', () => {
    const person = (lastName: string, pickup = false): Contact => ({ lastName, firstName: 'X', relation: 'Oncle', address: null, phones: ['+33344123456'], emergency: true, pickup });
    const current = [{ id: 'a', ...person('A') }, { id: 'b', ...person('B') }, { id: 'c', ...person('C') }];
    const plan = planContactChanges(current, [{ id: 'a', ...person('A') }, { id: 'b', ...person('B', true) }, person('D')]);
    expect(plan.inserts).toEqual([person('D')]);
    expect(plan.updates).toEqual([{ id: 'b', ...person('B', true) }]);
    expect(plan.deletes).toEqual(['c']);
    expect(plan.changes.map((c) => [c.subject, c.oldValue && (c.oldValue as Contact).lastName, c.newValue && (c.newValue as Contact).lastName])).toEqual([
      ['b', 'B', 'B'],
      [null, null, 'D'],
      ['c', 'C', null],
    ]);
  });

  it('records only the authorization answers that changed', () => {
    const plan = planAuthorizationChanges({ photos: 'yes', outings: 'no' }, { photos: 'yes', outings: 'yes', care: 'not-applicable' });
    expect(plan.apply).toEqual({ outings: 'yes', care: 'not-applicable' });
    expect(plan.changes.map((c) => [c.subject, c.oldValue, c.newValue])).toEqual([
      ['outings', 'no', 'yes'],
      ['care', null, 'not-applicable'],
    ]);
  });
});

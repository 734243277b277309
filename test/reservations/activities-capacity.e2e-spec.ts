import { activityFamily, newGroup, newTerm, register } from '../factories/activities.factory';
import { staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Many guardians register for the last places of a group at the same second, on the real database
 * (api role only: no sweeper, so holds past their time must be released by the registrations
 * themselves): exactly the places available are held, the others get 409 "complet", and the
 * counter never exceeds the places.
 */
describe('term activities: the last places', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(() => t?.close());

  it('gives the last places to exactly as many registrations, holds past their time included', async () => {
    const staff = await staffHeaders(t);
    const term = await newTerm(t, staff);
    const group = await newGroup(t, staff, term.period.id, { places: 6 });

    // 3 places held, 2 of them past their hold time: 3 + 2 places can be had
    const early: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { family, guardian } = await activityFamily(t);
      const res = await register(t, guardian, [{ childId: family.children[0].id, groupId: group.id }]);
      expect(res.statusCode).toBe(201);
      early.push(res.json().id);
    }
    await t.dataSource.query(`UPDATE reservations.activity_registration SET hold_until = now() - interval '1 minute' WHERE id = ANY($1::uuid[])`, [early.slice(0, 2)]);

    const families: Awaited<ReturnType<typeof activityFamily>>[] = [];
    while (families.length < 40) families.push(...(await Promise.all(Array.from({ length: 4 }, () => activityFamily(t)))));

    const answers = await Promise.all(families.map(({ family, guardian }) => register(t, guardian, [{ childId: family.children[0].id, groupId: group.id }])));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(5);
    expect(codes.filter((c) => c === 409)).toHaveLength(35);
    for (const refused of answers.filter((r) => r.statusCode === 409)) {
      expect(refused.json()).toMatchObject({
        code: 'reservations.activity-full',
        detail: 'Complet : le groupe « 7/11 ans Escalade » n’a plus de place. Rien n’a été enregistré.',
        errors: [{ field: 'places[0].groupId', message: '7/11 ans Escalade : complet' }],
      });
    }

    const [counts] = await t.dataSource.query(
      `SELECT g.taken, g.places,
              (SELECT count(*)::int FROM reservations.activity_place p WHERE p.group_id = g.id AND p.active) AS active,
              (SELECT count(*)::int FROM reservations.activity_registration r JOIN reservations.activity_place p ON p.registration_id = r.id WHERE p.group_id = g.id AND r.status = 'held') AS held
       FROM reservations.activity_group g WHERE g.id = $1`,
      [group.id],
    );
    expect(counts).toEqual({ taken: 6, places: 6, active: 6, held: 6 });
    const expired = await t.dataSource.query(`SELECT status, release_reason AS reason FROM reservations.activity_registration WHERE id = ANY($1::uuid[]) ORDER BY id`, [early.slice(0, 2)]);
    expect(expired).toEqual([{ status: 'released', reason: 'expired' }, { status: 'released', reason: 'expired' }]);
    const events = await t.dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox_event WHERE type = 'reservations.activity-place.released.v1' AND aggregate_id = ANY($1::text[])`, [early.slice(0, 2)]);
    expect(events[0].n).toBe(2);
    // the refused families wrote nothing
    const refusedFamilies = families.filter((_, i) => answers[i].statusCode === 409).map((f) => f.family.id);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM reservations.activity_registration WHERE family_id = ANY($1::uuid[])`, [refusedFamilies]))[0].n).toBe(0);
  }, 120_000); // 43 families are set up through the API first: room for a busy machine
});

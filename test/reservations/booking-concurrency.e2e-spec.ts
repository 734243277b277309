import { Client } from 'pg';
import { TransactionHost } from '../../src/platform/database/transaction-host';
import { BookingRepository } from '../../src/modules/reservations/infrastructure/booking.repository';
import { guardianOf, newFamily } from '../factories/family.factory';
import { addDays, book, Catalogue, completeFiles, enrol, Headers, inDays, newCatalogue, schoolYearOf, staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Whole-period batches of different children on the same days, at the same time: cancellations give
 * places back while bookings take them, on the same occupancy counters. Both lock the counters in
 * (day, step) order, so they queue instead of deadlocking (a deadlock aborts a batch after
 * PostgreSQL's deadlock_timeout; the retry then hides it, or not after three).
 */
describe('concurrent batches on the same days', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  async function enrolledChildren(c: Catalogue, families: number): Promise<{ guardian: Headers; childId: string }[]> {
    const children: { guardian: Headers; childId: string }[] = [];
    for (let i = 0; i < families; i++) {
      const family = await newFamily(t);
      const guardian = (await guardianOf(t, family, 0)).headers;
      await completeFiles(t, guardian, family);
      for (const child of family.children) {
        for (const year of new Set([schoolYearOf(c.period.startsOn), schoolYearOf(c.period.endsOn)])) await enrol(t, guardian, child.id, c.service.id, year);
        children.push({ guardian, childId: child.id });
      }
    }
    return children;
  }

  it('giving places back locks the counters in day order, whatever their order on disk', async () => {
    const c = await newCatalogue(t, staff);
    const repository = t.app.get(BookingRepository);
    const txHost = t.app.get(TransactionHost);
    const days = Array.from({ length: 30 }, (_, i) => addDays(inDays(10), i));
    // counters written last day first: on disk they are in reverse order; among other services' counters (so that the
    // planner prefers to scan the service's counters and hash the days, as it does on a database in use)
    for (const day of [...days].reverse()) expect(await repository.take(c.service.id, [{ day, step: 0 }], 100)).toHaveLength(1);
    await t.dataSource.query(
      `INSERT INTO reservations.occupancy (service_id, day, step, taken)
       SELECT gen_random_uuid(), current_date + d, 0, 1 FROM generate_series(1, 200) s, generate_series(1, 100) d`,
    );
    await t.dataSource.query(`ANALYZE reservations.occupancy`);

    const client = async () => {
      const pg = new Client({ connectionString: t.db.url });
      await pg.connect();
      await pg.query('BEGIN');
      return pg;
    };
    const lockSql = `SELECT 1 FROM reservations.occupancy WHERE service_id = $1 AND day = $2 AND step = 0 FOR UPDATE NOWAIT`;
    const holder = await client();
    const probe = await client();
    try {
      await holder.query(lockSql, [c.service.id, days[15]]);
      const release = txHost.withTransaction(() => repository.release(c.service.id, days.map((day) => ({ day, step: 0 }))));
      // wait until the release waits for the day held
      for (let i = 0; ; i++) {
        const [{ waiting }] = await t.dataSource.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%occupancy%'`);
        if (waiting) break;
        if (i > 200) throw new Error('the release never waited for the held counter');
        await new Promise((r) => setTimeout(r, 20));
      }
      // it holds the days before the one held, and none after it
      await expect(probe.query(lockSql, [c.service.id, days[0]])).rejects.toMatchObject({ code: '55P03' });
      await probe.query('ROLLBACK');
      await probe.query('BEGIN');
      await expect(probe.query(lockSql, [c.service.id, days[29]])).resolves.toMatchObject({ rowCount: 1 });
      await probe.query('ROLLBACK');
      await holder.query('ROLLBACK');
      await release;
      expect(await t.dataSource.query(`SELECT DISTINCT taken FROM reservations.occupancy WHERE service_id = $1`, [c.service.id])).toEqual([{ taken: 0 }]);
    } finally {
      await Promise.all([holder.end(), probe.end()]);
    }
  });

  it('cancelling and booking whole periods at once: every batch succeeds and the counters add up', async () => {
    const c = await newCatalogue(t, staff);
    const children = await enrolledChildren(c, 4);
    let booked = children.slice(0, 4);
    let free = children.slice(4);
    const days: string[] = [];
    for (const child of booked) {
      const res = await book(t, child.guardian, c, child.childId, { book: { weekdays: [1, 2, 4, 5] } });
      expect(res.statusCode).toBe(201);
      days.splice(0, days.length, ...res.json().items.map((i: { date: string }) => i.date));
    }
    expect(days.length).toBeGreaterThan(40);

    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        ...booked.map((child) => book(t, child.guardian, c, child.childId, { cancel: { weekdays: [1, 2, 4, 5] } })),
        ...free.map((child) => book(t, child.guardian, c, child.childId, { book: { weekdays: [1, 2, 4, 5] } })),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual(children.map(() => 201));
      expect(results.map((r) => r.json().items.length)).toEqual(children.map(() => days.length));
      [booked, free] = [free, booked];
      const taken: { day: string; taken: number }[] = await t.dataSource.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, taken FROM reservations.occupancy WHERE service_id = $1 ORDER BY day`,
        [c.service.id],
      );
      expect(taken).toEqual(days.map((day) => ({ day, taken: booked.length })));
    }
  });
});

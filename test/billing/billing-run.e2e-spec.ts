import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { billedService, newOffice, runBilling } from '../factories/billing.factory';
import { addDays, book, Catalogue, enrolledChild, Headers, inDays, newCatalogue, nextWeekday, staffHeaders } from '../factories/reservations.factory';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/**
 * The billing run: from what reservations recorded (through events) and the family quotient in
 * force, one invoice per family, one line per child, service and unit price, gap-free numbers; a
 * dry run first; running again bills only what changed.
 */
describe('billing run', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const units = (childId: string) =>
    t.dataSource.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, booked FROM billing.unit WHERE child_id = $1 ORDER BY day`, [childId]);
  /** Books days and waits until billing's projection has them (relay, queue, consumer). */
  async function bookAndProject(c: Catalogue, who: { guardian: Headers; childId: string }, body: Record<string, unknown>, expectBooked: number) {
    const res = await book(t, who.guardian, c, who.childId, body);
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    await eventually(async () => (await units(who.childId)).filter((u: { booked: boolean }) => u.booked).length === expectBooked);
    return res.json();
  }
  const setQuotient = (familyId: string, value: number) =>
    t.inject({ method: 'POST', url: `/api/staff/families/${familyId}/quotients`, headers: staff, payload: { value, validFrom: '2020-01-01' } });

  it('bills the booked days with the price of the quotient bracket, once; a dry run records nothing', async () => {
    const c = await newCatalogue(t, staff);
    const office = await billedService(t, staff, c);
    const low = await enrolledChild(t, c);
    const high = await enrolledChild(t, c);
    expect((await setQuotient(low.family.id, 350)).statusCode).toBe(200);
    await eventually(async () => (await t.dataSource.query(`SELECT 1 FROM billing.family_quotient WHERE family_id = $1`, [low.family.id])).length === 1);
    const monday = nextWeekday(inDays(10), 1);
    const days = [monday, nextWeekday(monday, 2), nextWeekday(monday, 4)];
    await bookAndProject(c, low, { book: { dates: days } }, 3);
    await bookAndProject(c, high, { book: { dates: days.slice(0, 2) } }, 2);
    const period = { officeId: office.id, from: c.period.startsOn, to: c.period.endsOn };

    const dry = await runBilling(t, staff, { ...period, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, runId: null, families: 2, invoices: 2, lines: 2, units: 5, totalCents: 3 * 200 + 2 * 400, carriedFamilies: 0 });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM billing.invoice`))[0].n).toBe(0);

    const res = await runBilling(t, staff, { ...period, label: 'Novembre' });
    expect(res.json()).toMatchObject({ dryRun: false, runId: expect.any(String), invoices: 2, totalCents: 1400 });
    const invoices = (await t.inject({ method: 'GET', url: `/api/staff/billing/invoices?officeId=${office.id}`, headers: staff })).json();
    expect(invoices.map((i: { number: string }) => i.number).sort()).toEqual([`${office.code}-${new Date().getFullYear()}-000001`, `${office.code}-${new Date().getFullYear()}-000002`]);

    const mine = (await t.inject({ method: 'GET', url: '/api/billing/invoices', headers: low.guardian })).json();
    expect(mine).toEqual([
      expect.objectContaining({ label: 'Restauration scolaire — Novembre', totalCents: 600, paidCents: 0, remainingCents: 600, status: 'issued', statusLabel: 'À payer', payable: true, overdue: false }),
    ]);
    const detail = (await t.inject({ method: 'GET', url: `/api/billing/invoices/${mine[0].id}`, headers: low.guardian })).json();
    expect(detail.lines).toEqual([
      expect.objectContaining({ position: 1, childId: low.childId, childName: 'Léo Dupont', kind: 'day', label: 'Restauration scolaire (jour)', quantity: 3, unitPriceCents: 200, amountCents: 600 }),
    ]);
    // another family's invoice is not found
    expect((await t.inject({ method: 'GET', url: `/api/billing/invoices/${mine[0].id}`, headers: high.guardian })).statusCode).toBe(404);
    const [issued] = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = 'billing.invoice.issued.v1' AND aggregate_id = $1`, [mine[0].id]);
    // exactly the catalogue's shape (the database writes it: EventPublisher.publishFromQuery)
    expect(issued.payload).toEqual({ invoiceId: mine[0].id, familyId: low.family.id, officeId: office.id, number: mine[0].number, totalCents: 600, remainingCents: 600, dueOn: mine[0].dueOn });

    // staff find the run among the office's runs, and its invoices
    const runs = (await t.inject({ method: 'GET', url: `/api/staff/billing/runs?officeId=${office.id}`, headers: staff })).json();
    expect(runs).toEqual([expect.objectContaining({ id: res.json().runId, officeId: office.id, officeCode: office.code, label: 'Novembre', periodFrom: c.period.startsOn, periodTo: c.period.endsOn, invoices: 2, totalCents: 1400 })]);
    const ofRun = (await t.inject({ method: 'GET', url: `/api/staff/billing/invoices?runId=${res.json().runId}`, headers: staff })).json();
    expect(ofRun).toHaveLength(2);
    expect((await t.inject({ method: 'GET', url: `/api/staff/billing/invoices?runId=${randomUUID()}`, headers: staff })).json()).toEqual([]);

    // running again bills nothing: every unit is billed once
    expect((await runBilling(t, staff, period)).json()).toMatchObject({ invoices: 0, totalCents: 0, runId: null });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n, sum(amount_cents)::int AS s FROM billing.billed_unit WHERE family_id = $1`, [low.family.id]))[0]).toEqual({ n: 3, s: 600 });
  });

  it('bills what changed since: a cancelled day comes back as an adjustment on the next invoice', async () => {
    const c = await newCatalogue(t, staff);
    const office = await billedService(t, staff, c);
    const who = await enrolledChild(t, c);
    const monday = nextWeekday(inDays(10), 1);
    await bookAndProject(c, who, { book: { dates: [monday, nextWeekday(monday, 2)] } }, 2);
    const period = { officeId: office.id, from: c.period.startsOn, to: c.period.endsOn };
    expect((await runBilling(t, staff, period)).json()).toMatchObject({ invoices: 1, totalCents: 800 });

    // one day cancelled: a credit of 4 € to come, nothing to invoice yet
    await book(t, who.guardian, c, who.childId, { cancel: { dates: [monday] } });
    await eventually(async () => (await units(who.childId)).filter((u: { booked: boolean }) => u.booked).length === 1);
    expect((await runBilling(t, staff, { ...period, dryRun: true })).json()).toMatchObject({ invoices: 0, carriedFamilies: 1 });

    // two more days: invoiced, with the earlier cancelled day taken off
    const next = nextWeekday(addDays(monday, 7), 1);
    await bookAndProject(c, who, { book: { dates: [next, nextWeekday(next, 2)] } }, 3);
    const res = await runBilling(t, staff, { ...period, label: 'Suite' });
    expect(res.json()).toMatchObject({ invoices: 1, totalCents: 400 });
    const [second] = (await t.inject({ method: 'GET', url: `/api/billing/invoices?state=open`, headers: who.guardian })).json();
    const lines = (await t.inject({ method: 'GET', url: `/api/billing/invoices/${second.id}`, headers: who.guardian })).json().lines;
    expect(lines.map((l: { kind: string; quantity: number; amountCents: number }) => [l.kind, l.quantity, l.amountCents])).toEqual([
      ['day', 2, 800],
      ['adjustment', 1, -400],
    ]);
  });

  it('prices each day with the quotient and the price in force that day: changes within the period, on their first or last day', async () => {
    const c = await newCatalogue(t, staff);
    const office = await newOffice(t, staff, [c.establishment.id]);
    expect((await t.inject({ method: 'PUT', url: `/api/staff/billing/services/${c.service.id}/rule`, headers: staff, payload: { officeId: office.id, unit: 'day', basis: 'booked' } })).statusCode).toBe(200);
    const d1 = nextWeekday(inDays(10), 1);
    const [d2, d3, d4] = [nextWeekday(d1, 2), nextWeekday(addDays(d1, 2), 4), nextWeekday(addDays(d1, 3), 5)];
    const schoolYear = `${Number(c.period.startsOn.slice(0, 4)) - 1}-09-01`;
    const price = (payload: Record<string, unknown>) => t.inject({ method: 'POST', url: `/api/staff/billing/services/${c.service.id}/prices`, headers: staff, payload });
    // under 500: 2,00 € up to d2 included, then 2,50 €; 500 and more (and no quotient): 4,00 €
    for (const p of [
      { quotientMin: 0, quotientMax: 500, amountCents: 200, validFrom: schoolYear, validTo: d2 },
      { quotientMin: 0, quotientMax: 500, amountCents: 250, validFrom: addDays(d2, 1) },
      { quotientMin: 500, amountCents: 400, validFrom: schoolYear },
    ]) {
      expect((await price(p)).statusCode).toBe(201);
    }
    const changing = await enrolledChild(t, c);
    const late = await enrolledChild(t, c);
    const quotient = (familyId: string, value: number, validFrom: string) =>
      t.inject({ method: 'POST', url: `/api/staff/families/${familyId}/quotients`, headers: staff, payload: { value, validFrom } });
    // 350, then 800 from d4 (and 100 after the period, not in force on any of its days)
    for (const [value, from] of [[350, '2020-01-01'], [800, d4], [100, addDays(c.period.endsOn, 1)]] as const) {
      expect((await quotient(changing.family.id, value, from)).statusCode).toBe(200);
    }
    // no quotient on file before d3, 350 from d3
    expect((await quotient(late.family.id, 350, d3)).statusCode).toBe(200);
    const quotients = async (familyId: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM billing.family_quotient WHERE family_id = $1`, [familyId]))[0].n;
    await eventually(async () => (await quotients(changing.family.id)) === 3 && (await quotients(late.family.id)) === 1);
    for (const who of [changing, late]) await bookAndProject(c, who, { book: { dates: [d1, d2, d3, d4] } }, 4);

    const period = { officeId: office.id, from: c.period.startsOn, to: c.period.endsOn };
    expect((await runBilling(t, staff, { ...period, dryRun: true })).json()).toMatchObject({ invoices: 2, lines: 5, units: 8, totalCents: 200 + 200 + 250 + 400 + (400 + 400 + 250 + 250) });
    expect((await runBilling(t, staff, { ...period, label: 'Tarifs' })).statusCode).toBe(200);
    const linesOf = async (who: { guardian: Headers }) => {
      const [invoice] = (await t.inject({ method: 'GET', url: '/api/billing/invoices', headers: who.guardian })).json();
      const detail = (await t.inject({ method: 'GET', url: `/api/billing/invoices/${invoice.id}`, headers: who.guardian })).json();
      return [invoice.totalCents, detail.lines.map((l: { quantity: number; unitPriceCents: number; amountCents: number }) => [l.quantity, l.unitPriceCents, l.amountCents])];
    };
    // d1, d2 (the 2,00 € price's last day) at 2,00 €; d3 at 2,50 €; d4, the day the quotient changes, at 4,00 €
    expect(await linesOf(changing)).toEqual([1050, [[2, 200, 400], [1, 250, 250], [1, 400, 400]]]);
    // without a quotient (d1, d2): the price of "no quotient"; from d3: 2,50 €
    expect(await linesOf(late)).toEqual([1300, [[2, 250, 500], [2, 400, 800]]]);
    const billed = await t.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, amount_cents AS amount FROM billing.billed_unit WHERE family_id = $1 ORDER BY day`,
      [changing.family.id],
    );
    expect(billed).toEqual([{ day: d1, amount: 200 }, { day: d2, amount: 200 }, { day: d3, amount: 250 }, { day: d4, amount: 400 }]);
  });

  it('keeps every billed unit on an existing line (checked once per statement, like a foreign key)', async () => {
    const c = await newCatalogue(t, staff);
    const office = await billedService(t, staff, c);
    const who = await enrolledChild(t, c);
    const monday = nextWeekday(inDays(10), 1);
    await bookAndProject(c, who, { book: { dates: [monday, nextWeekday(monday, 2)] } }, 2);
    expect((await runBilling(t, staff, { officeId: office.id, from: c.period.startsOn, to: c.period.endsOn })).json()).toMatchObject({ invoices: 1, units: 2 });
    const [{ line_id: lineId }] = await t.dataSource.query(`SELECT line_id FROM billing.billed_unit WHERE child_id = $1 LIMIT 1`, [who.childId]);
    const copy = (line: string) =>
      t.dataSource.query(
        `INSERT INTO billing.billed_unit (family_id, child_id, service_id, day, kind, amount_cents, line_id)
         SELECT family_id, child_id, service_id, day, kind, amount_cents, $2 FROM billing.billed_unit WHERE child_id = $1`,
        [who.childId, line],
      );
    const violation = expect.objectContaining({ code: '23503', constraint: 'billed_unit_line_id_fkey' });
    await expect(copy(randomUUID())).rejects.toEqual(violation);
    await expect(t.dataSource.query(`UPDATE billing.billed_unit SET line_id = $2 WHERE child_id = $1`, [who.childId, randomUUID()])).rejects.toEqual(violation);
    await expect(t.dataSource.query(`DELETE FROM billing.invoice_line WHERE id = $1`, [lineId])).rejects.toEqual(violation);
    await expect(t.dataSource.query(`UPDATE billing.invoice_line SET id = gen_random_uuid() WHERE id = $1`, [lineId])).rejects.toEqual(violation);
    // a line no unit names may go
    const spareLine = async () =>
      (
        await t.dataSource.query(
          `INSERT INTO billing.invoice_line (invoice_id, position, child_id, service_id, kind, label, quantity, unit_price_cents, amount_cents)
           SELECT invoice_id, (SELECT max(position) + 1 FROM billing.invoice_line WHERE invoice_id = l.invoice_id), child_id, service_id, kind, label, 1, 0, 0
           FROM billing.invoice_line l WHERE id = $1 RETURNING id`,
          [lineId],
        )
      )[0].id as string;
    const spare = await spareLine();
    await t.dataSource.query(`DELETE FROM billing.invoice_line WHERE id = $1`, [spare]);
    // as with a foreign key under concurrency: a transaction naming a line locks it, its deletion waits, then fails
    const named = await spareLine();
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO billing.billed_unit (family_id, child_id, service_id, day, kind, amount_cents, line_id)
         SELECT family_id, child_id, service_id, day, kind, 0, $2 FROM billing.billed_unit WHERE line_id = $1 LIMIT 1`,
        [lineId, named],
      );
      const deleting = t.dataSource.query(`DELETE FROM billing.invoice_line WHERE id = $1`, [named]).then(
        () => 'deleted',
        (err: { code?: string }) => err.code,
      );
      await eventually(async () => {
        const [{ n }] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM billing.invoice_line%'`,
        );
        return n === 1;
      });
      await client.query('COMMIT');
      expect(await deleting).toBe('23503');
    } finally {
      await client.end();
    }
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM billing.billed_unit WHERE child_id = $1`, [who.childId]))[0].n).toBe(3);
  });

  it('refuses a run with days no price covers, naming the service, and bills nothing', async () => {
    const c = await newCatalogue(t, staff);
    const office = await billedService(t, staff, c);
    await t.dataSource.query(`DELETE FROM billing.price WHERE service_id = $1 AND quotient_max IS NULL`, [c.service.id]);
    const who = await enrolledChild(t, c);
    await bookAndProject(c, who, { book: { dates: [nextWeekday(inDays(10), 1)] } }, 1);
    const res = await runBilling(t, staff, { officeId: office.id, from: c.period.startsOn, to: c.period.endsOn });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'billing.prices-missing', errors: [{ field: `services.${c.service.id}`, message: expect.stringContaining('famille sans quotient') }] });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM billing.invoice WHERE office_id = $1`, [office.id]))[0].n).toBe(0);
  });

  it('numbers invoices without gaps when runs of the same office and of others go at once', async () => {
    const [c1, c2] = [await newCatalogue(t, staff), await newCatalogue(t, staff)];
    const [o1, o2] = [await billedService(t, staff, c1), await billedService(t, staff, c2)];
    const monday = nextWeekday(inDays(10), 1);
    for (const c of [c1, c2]) {
      for (let i = 0; i < 3; i++) await bookAndProject(c, await enrolledChild(t, c), { book: { dates: [monday] } }, 1);
    }
    // the same office's runs queue (the second finds nothing left); the other office numbers its own series
    const answers = await Promise.all([
      runBilling(t, staff, { officeId: o1.id, from: monday, to: monday }),
      runBilling(t, staff, { officeId: o1.id, from: monday, to: monday }),
      runBilling(t, staff, { officeId: o2.id, from: monday, to: monday }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.json().invoices).sort()).toEqual([0, 3, 3]);
    for (const office of [o1, o2]) {
      const seqs = await t.dataSource.query(`SELECT seq FROM billing.invoice WHERE office_id = $1 ORDER BY seq`, [office.id]);
      expect(seqs.map((s: { seq: number }) => s.seq)).toEqual([1, 2, 3]);
    }
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardianOf, newFamily } from '../factories/family.factory';
import { newKind, PDF, staffHeaders, upload } from '../family/documents.support';
import { billedService, runBilling } from '../factories/billing.factory';
import { book, completeFiles, enrol, inDays, newCatalogue, nextWeekday, schoolYearOf } from '../factories/reservations.factory';
import { newGroup, newTerm, register } from '../factories/activities.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Every parent-facing route of the OpenAPI document that takes an id in its path, called by a
 * guardian of family A with the ids of family B (its children, its documents): 404, nothing of B in
 * the answer, nothing of B changed. A new parent-facing route is covered the day it lands; a path
 * parameter this test does not know fails it, on purpose.
 */
describe("a guardian never reaches another family's data", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { DOCUMENTS_DIR: mkdtempSync(join(tmpdir(), 'guichet-isolation-')) } });
  });
  afterAll(() => t?.close());

  it("answers 404 to every id of another family, and changes nothing of it", async () => {
    const a = await newFamily(t);
    const b = await newFamily(t);
    const guardianA = (await guardianOf(t, a, 0)).headers;
    const guardianB = (await guardianOf(t, b, 0)).headers;
    const staff = await staffHeaders(t);
    const kind = await newKind(t, staff, { level: 'child', label: 'Carnet de vaccination' });
    const documentB = await upload(t, guardianB, { kindId: kind.id, childId: b.children[0].id }, { filename: 'carnet.pdf', content: PDF });
    expect(documentB.statusCode).toBe(201);
    await t.inject({ method: 'PATCH', url: `/api/family/children/${b.children[0].id}`, headers: guardianB, payload: { medicalHistory: 'Allergie de B', consent: { accepted: true, version: 1 } } });

    const catalogue = await newCatalogue(t, staff);
    await completeFiles(t, guardianB, b);
    await enrol(t, guardianB, b.children[0].id, catalogue.service.id, schoolYearOf(catalogue.period.startsOn));
    const reservationB = await book(t, guardianB, catalogue, b.children[0].id, { book: { dates: [nextWeekday(inDays(10), 1)] } });
    expect(reservationB.statusCode).toBe(201);
    const term = await newTerm(t, staff);
    const registrationB = await register(t, guardianB, [{ childId: b.children[0].id, groupId: (await newGroup(t, staff, term.period.id)).id }]);
    expect(registrationB.statusCode).toBe(201);

    // an invoice of B: billing's projection of the booked day (this app runs no event consumers), then a run
    const office = await billedService(t, staff, catalogue);
    const dayB = reservationB.json().items[0].date;
    await t.dataSource.query(
      `INSERT INTO billing.unit (child_id, service_id, day, family_id, establishment_id, booked) VALUES ($1, $2, $3, $4, $5, true)`,
      [b.children[0].id, catalogue.service.id, dayB, b.id, catalogue.establishment.id],
    );
    expect((await runBilling(t, staff, { officeId: office.id, from: dayB, to: dayB })).json().invoices).toBe(1);
    const [invoiceB] = await t.dataSource.query(`SELECT id FROM billing.invoice WHERE family_id = $1`, [b.id]);
    // an online payment of B, pending (as the payments module records one before sending B's guardian to PayFiP)
    const [transactionB] = await t.dataSource.query(
      `INSERT INTO payments.transaction (reference, operation_id, family_id, account_id, payer_email, payer_name, office_id, numcli, mode, exer, label, amount_cents, locked_until)
       VALUES ('GUISOLATION0000000000001', 'idop-isolation-b', $1, (SELECT account_id FROM family.guardian WHERE id = $2), $3, 'B', $4, '123456', 'T', 2026, 'Facture B', 400, now() + interval '30 minutes')
       RETURNING id`,
      [b.id, b.guardians[0].id, b.guardians[0].email, office.id],
    );

    const idsOfB: Record<string, string> = {
      childId: b.children[0].id,
      documentId: documentB.json().id,
      reservationId: reservationB.json().id,
      registrationId: registrationB.json().id,
      invoiceId: invoiceB.id,
      transactionId: transactionB.id,
    };
    const snapshot = () =>
      t.dataSource.query(
        `SELECT (SELECT json_agg(x) FROM (SELECT * FROM family.child WHERE family_id = $1 ORDER BY id) x) AS children,
                (SELECT json_agg(x) FROM (SELECT h.* FROM family.child_health h JOIN family.child c ON c.id = h.child_id WHERE c.family_id = $1) x) AS health,
                (SELECT count(*) FROM family.change WHERE family_id = $1) AS changes,
                (SELECT json_agg(x) FROM (SELECT id, status FROM family.document WHERE family_id = $1 ORDER BY id) x) AS documents,
                (SELECT json_agg(x) FROM (SELECT * FROM reservations.booking WHERE family_id = $1 ORDER BY id) x) AS bookings,
                (SELECT json_agg(x) FROM (SELECT i.* FROM reservations.reservation_item i JOIN reservations.reservation r ON r.id = i.reservation_id WHERE r.family_id = $1 ORDER BY i.id) x) AS items,
                (SELECT json_agg(x) FROM (SELECT * FROM reservations.activity_registration WHERE family_id = $1 ORDER BY id) x) AS registrations,
                (SELECT json_agg(x) FROM (SELECT p.* FROM reservations.activity_place p JOIN reservations.activity_registration r ON r.id = p.registration_id WHERE r.family_id = $1 ORDER BY p.group_id) x) AS places,
                (SELECT json_agg(x) FROM (SELECT * FROM billing.invoice WHERE family_id = $1 ORDER BY id) x) AS invoices,
                (SELECT json_agg(x) FROM (SELECT * FROM payments.transaction WHERE family_id = $1 ORDER BY id) x) AS payments,
                (SELECT count(*) FROM payments.check_log l JOIN payments.transaction t ON t.id = l.transaction_id WHERE t.family_id = $1) AS payment_checks,
                (SELECT json_agg(x) FROM (SELECT p.invoice_id, p.content_hash FROM billing.invoice_pdf p JOIN billing.invoice i ON i.id = p.invoice_id WHERE i.family_id = $1) x) AS pdfs`,
        [b.id],
      );
    const before = await snapshot();

    const doc = (await t.inject({ method: 'GET', url: '/api/docs-json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.includes('{') && !/^\/api\/(staff|admin|auth)\//.test(path))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
    expect(routes.length).toBeGreaterThanOrEqual(4);

    const answers: string[] = [];
    for (const r of routes) {
      const url = r.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (!idsOfB[name]) throw new Error(`unknown path parameter {${name}} in ${r.path}: give this test an id of family B for it`);
        return idsOfB[name];
      });
      const query = r.path.endsWith('/completeness') ? '?service=canteen' : '';
      const payload = ['POST', 'PUT', 'PATCH'].includes(r.method) ? { medicalHistory: 'écrasé', consent: { accepted: true, version: 1 } } : undefined;
      const res = await t.inject({ method: r.method as 'GET', url: url + query, headers: guardianA, payload });
      answers.push(`${r.method} ${r.path} ${res.statusCode}`);
      for (const secret of [b.id, b.children[0].firstName, 'Allergie de B', b.guardians[0].email]) expect(res.body).not.toContain(secret);
    }
    expect(answers).toEqual(answers.map((line) => line.replace(/ \d+$/, ' 404')));
    expect(await snapshot()).toEqual(before);
  });
});

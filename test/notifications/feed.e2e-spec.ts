import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedProjection } from '../../src/modules/notifications/application/handlers/feed.projection';
import { TransactionHost } from '../../src/platform/database/transaction-host';
import { DomainEvent, EventType } from '../../src/platform/events';
import { activityFamily, newGroup, newTerm, paymentId, raise, register } from '../factories/activities.factory';
import { billedService, runBilling } from '../factories/billing.factory';
import { CreatedFamily, guardianOf, newFamily } from '../factories/family.factory';
import { book, enrolledChild, Headers, inDays, newCatalogue, nextWeekday, staffHeaders } from '../factories/reservations.factory';
import { newKind, PDF, upload } from '../family/documents.support';
import { openDays } from '../reservations/days.support';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { pause, publish } from './notifications.support';

interface Item {
  id: string;
  kind: string;
  subjectId: string;
  title: string;
  body: string;
  reason: string | null;
  amountCents: number | null;
  remainingCents: number | null;
  action: Record<string, unknown> | null;
  state: 'open' | 'done';
  createdAt: string;
  updatedAt: string;
  unread: boolean;
}
interface Page {
  items: Item[];
  hasMore: boolean;
  unreadCount: number;
  documentsToProvide: { kindCode: string; kindLabel: string; childId: string | null; childFirstName: string | null; state: string; message: string }[];
}

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const eur = (cents: number) => EUROS.format(cents / 100);
const frenchLong = (day: string) =>
  new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)).replace(/^(\S+) 1 /, '$1 1er ');

/**
 * The family's event feed ("fil des événements", seed 000), end to end in one process (api + worker):
 * billing's invoices (issued by a real billing run; payments allocated and invoices cancelled raised
 * through the outbox exactly as billing will), reservation requests answered, supporting documents
 * rejected, term-activity registrations, read by guardians at GET /api/feed.
 */
describe('notifications: the family event feed', () => {
  let t: TestApp;
  let staff: Headers;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-feed-'));
    t = await startTestApp({ role: 'all', env: { DOCUMENTS_DIR: dir } });
    staff = await staffHeaders(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const feed = async (headers: Headers, query = ''): Promise<Page> => {
    const res = await t.inject({ method: 'GET', url: `/api/feed${query}`, headers });
    if (res.statusCode !== 200) throw new Error(`GET /api/feed${query}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  /** Waits until the guardian's feed has an item about `subjectId` that satisfies `check`. */
  const itemOf = (headers: Headers, subjectId: string, check: (i: Item) => boolean = () => true) =>
    eventually(async () => (await feed(headers, '?limit=100')).items.find((i) => i.subjectId === subjectId && check(i)));
  const applied = (eventId: string, handler: string) =>
    eventually(async () => (await t.dataSource.query(`SELECT 1 FROM platform.event_inbox WHERE event_id = $1 AND handler = $2`, [eventId, handler])).length === 1);
  const allocate = (familyId: string, invoiceId: string, number: string, amountCents: number, remainingCents: number) =>
    publish(t, 'billing.payment.allocated.v1', familyId, { familyId, paymentId: randomUUID(), creditNoteId: null, allocations: [{ invoiceId, number, amountCents, remainingCents }] });
  const issue = (familyId: string, invoiceId: string, number: string, totalCents: number) =>
    publish(t, 'billing.invoice.issued.v1', invoiceId, { invoiceId, familyId, officeId: randomUUID(), number, totalCents, remainingCents: totalCents, dueOn: inDays(30) });
  const eventFromOutbox = async <T extends EventType>(id: string): Promise<DomainEvent<T>> => {
    const [row] = await t.dataSource.query(`SELECT id, type, version, aggregate_id AS "aggregateId", payload, occurred_at AS "occurredAt" FROM platform.outbox_event WHERE id = $1`, [id]);
    return { ...row, occurredAt: new Date(row.occurredAt).toISOString() };
  };

  it('an invoice of a billing run shows with its remaining due and "Payer"; allocations bring it down, to paid', async () => {
    const c = await newCatalogue(t, staff);
    const office = await billedService(t, staff, c);
    const who = await enrolledChild(t, c);
    const monday = nextWeekday(inDays(10), 1);
    expect((await book(t, who.guardian, c, who.childId, { book: { dates: [monday, nextWeekday(monday, 2), nextWeekday(monday, 4)] } })).statusCode).toBe(201);
    await eventually(async () => (await t.dataSource.query(`SELECT 1 FROM billing.unit WHERE child_id = $1 AND booked`, [who.childId])).length === 3);
    expect((await runBilling(t, staff, { officeId: office.id, from: c.period.startsOn, to: c.period.endsOn, label: 'Novembre' })).json()).toMatchObject({ invoices: 1, totalCents: 1200 });
    const [invoice] = (await t.inject({ method: 'GET', url: '/api/billing/invoices', headers: who.guardian })).json();

    const item = (await itemOf(who.guardian, invoice.id))!;
    expect(item).toMatchObject({
      kind: 'invoice',
      title: `Facture n° ${invoice.number} à payer — restant dû ${eur(1200)}`,
      body: `Montant de la facture : ${eur(1200)}. À payer avant le ${invoice.dueOn.split('-').reverse().join('/')}.`,
      amountCents: 1200,
      remainingCents: 1200,
      action: { type: 'pay', invoiceId: invoice.id },
      state: 'open',
      unread: true,
    });

    // a partial payment, then the rest (as billing raises them)
    await allocate(who.family.id, invoice.id, invoice.number, 800, 400);
    const partly = (await itemOf(who.guardian, invoice.id, (i) => i.remainingCents === 400))!;
    expect(partly).toMatchObject({ title: `Facture n° ${invoice.number} à payer — restant dû ${eur(400)}`, state: 'open', action: { type: 'pay', invoiceId: invoice.id } });
    expect(partly.body).toContain(`Déjà réglé : ${eur(800)}.`);
    await allocate(who.family.id, invoice.id, invoice.number, 400, 0);
    const paid = (await itemOf(who.guardian, invoice.id, (i) => i.state === 'done'))!;
    expect(paid).toMatchObject({ title: `Facture n° ${invoice.number} payée`, remainingCents: 0, action: null });

    // a late delivery of an older figure does not bring the remaining due back up
    const late = await allocate(who.family.id, invoice.id, invoice.number, 800, 400);
    await applied(late, 'FeedProjection.onPaymentAllocated');
    expect((await feed(who.guardian)).items.filter((i) => i.subjectId === invoice.id)).toEqual([expect.objectContaining({ title: `Facture n° ${invoice.number} payée`, updatedAt: paid.updatedAt })]);
  });

  it('in any order and more than once: an allocation before the invoice is kept; a cancellation is final; replays change nothing', async () => {
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family)).headers;
    const invoiceId = randomUUID();
    const number = 'TEST-2026-000042';

    const early = await allocate(family.id, invoiceId, number, 500, 1500);
    await applied(early, 'FeedProjection.onPaymentAllocated');
    const issued = await issue(family.id, invoiceId, number, 2000);
    const item = (await itemOf(guardian, invoiceId, (i) => i.amountCents === 2000))!;
    expect(item).toMatchObject({ title: `Facture n° ${number} à payer — restant dû ${eur(1500)}`, remainingCents: 1500, state: 'open' });
    expect(item.body).toContain(`Déjà réglé : ${eur(500)}.`);

    // applied again past the inbox (a replay once the inbox row was purged): nothing moves
    const projection = t.app.get(FeedProjection);
    const txHost = t.app.get(TransactionHost);
    await txHost.withTransaction(async () => projection.onInvoiceIssued(await eventFromOutbox<'billing.invoice.issued.v1'>(issued)));
    await txHost.withTransaction(async () => projection.onPaymentAllocated(await eventFromOutbox<'billing.payment.allocated.v1'>(early)));
    expect((await feed(guardian)).items).toEqual([item]);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM notifications.feed_item WHERE subject_id = $1`, [invoiceId]))[0].n).toBe(1);

    await publish(t, 'billing.invoice.cancelled.v1', invoiceId, { invoiceId, familyId: family.id, officeId: randomUUID(), number, creditNoteId: randomUUID() });
    const cancelled = (await itemOf(guardian, invoiceId, (i) => i.state === 'done'))!;
    expect(cancelled).toMatchObject({ title: `Facture n° ${number} annulée`, action: null, remainingCents: 0 });
    // the cancellation's credit note allocated afterwards: still cancelled, not "paid"
    await applied(await allocate(family.id, invoiceId, number, 1500, 0), 'FeedProjection.onPaymentAllocated');
    expect((await feed(guardian)).items[0].title).toBe(`Facture n° ${number} annulée`);
  });

  it('deliveries about one invoice at the same time end in the lowest remaining due, one item', async () => {
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family)).headers;
    const invoiceId = randomUUID();
    const number = 'TEST-2026-000043';
    // raised together: the consumers apply them concurrently, in any order
    const ids = await Promise.all([issue(family.id, invoiceId, number, 5000), ...[4000, 3000, 2000, 1000].map((left) => allocate(family.id, invoiceId, number, 1000, left))]);
    await applied(ids[0], 'FeedProjection.onInvoiceIssued');
    for (const id of ids.slice(1)) await applied(id, 'FeedProjection.onPaymentAllocated');
    expect((await feed(guardian)).items).toEqual([expect.objectContaining({ subjectId: invoiceId, amountCents: 5000, remainingCents: 1000, title: `Facture n° ${number} à payer — restant dû ${eur(1000)}` })]);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM platform.event_dead_letter`))[0].n).toBe(0);
  });

  it('reservation requests answered: the service, the days and the reason of a refusal; never health data', async () => {
    const c = await newCatalogue(t, staff, { weekdays: [1, 2, 3, 4, 5, 6, 7], followsSchoolCalendar: false }, { startsOn: inDays(3), endsOn: inDays(60), deadline: { daysBefore: 30, at: '00:00' } });
    const { guardian, childId } = await enrolledChild(t, c);
    const pending = async () => ((await t.inject({ method: 'GET', url: `/api/staff/reservations/requests?serviceId=${c.service.id}`, headers: staff })).json() as { itemId: string }[]).map((i) => i.itemId);
    const decide = (payload: object) => t.inject({ method: 'POST', url: '/api/staff/reservations/requests/decisions', headers: staff, payload });

    const [d1, , d2] = openDays(15, 3);
    const refused = (await book(t, guardian, c, childId, { book: { dates: [d1, d2] } })).json();
    const reason = 'Sortie scolaire ce jour-là : pas de repas servi.';
    expect((await decide({ itemIds: await pending(), decision: 'refuse', reason })).statusCode).toBe(200);
    expect(await itemOf(guardian, refused.id)).toMatchObject({
      kind: 'reservation-request',
      title: `Demande de réservation refusée — ${refused.number}`,
      body: expect.stringMatching(new RegExp(`^Léo — Restauration scolaire \\(École [0-9a-f]+\\) : ${frenchLong(d1)}, ${frenchLong(d2)}\\.$`)),
      reason,
      state: 'done',
      action: null,
    });

    const [d3] = openDays(20);
    const accepted = (await book(t, guardian, c, childId, { book: { dates: [d3] } })).json();
    expect((await decide({ itemIds: await pending(), decision: 'accept' })).statusCode).toBe(200);
    expect(await itemOf(guardian, accepted.id)).toMatchObject({ title: `Demande de réservation acceptée — ${accepted.number}`, reason: null, body: expect.stringContaining(frenchLong(d3)) });

    // the child file has a diet and a PAI answer: none of it is in the feed
    expect(JSON.stringify(await feed(guardian))).not.toMatch(/porc|PAI|régime/i);
  });

  it('a rejected document: the kind and the child, the reason and the state read live from the family module; the documents to provide', async () => {
    const address = await newKind(t, staff, { label: 'Justificatif de domicile', level: 'family', requiredFor: ['canteen'] });
    const vaccination = await newKind(t, staff, { label: 'Carnet de vaccination', level: 'child', requiredFor: ['canteen'] });
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family)).headers;
    const [leo, ines] = family.children;
    const toProvide = async () => (await feed(guardian)).documentsToProvide.filter((d) => d.kindCode === address.code || d.kindCode === vaccination.code);
    expect(await toProvide()).toEqual([
      { kindCode: address.code, kindLabel: 'Justificatif de domicile', childId: null, childFirstName: null, state: 'missing', message: 'Justificatif de domicile : pièce à fournir.' },
      { kindCode: vaccination.code, kindLabel: 'Carnet de vaccination', childId: leo.id, childFirstName: 'Léo', state: 'missing', message: 'Carnet de vaccination de Léo : pièce à fournir.' },
      { kindCode: vaccination.code, kindLabel: 'Carnet de vaccination', childId: ines.id, childFirstName: 'Inès', state: 'missing', message: 'Carnet de vaccination d’Inès : pièce à fournir.' },
    ]);

    const reject = (id: string, reason: string) => t.inject({ method: 'POST', url: `/api/staff/documents/${id}/reject`, headers: staff, payload: { reason } });
    const first = (await upload(t, guardian, { kindId: address.id }, { filename: 'facture.pdf', content: PDF })).json();
    expect((await reject(first.id, 'Document illisible')).statusCode).toBe(200);
    expect(await itemOf(guardian, first.id)).toMatchObject({
      kind: 'document-rejected',
      title: 'Pièce justificative refusée : Justificatif de domicile',
      reason: 'Document illisible',
      state: 'open',
      action: { type: 'send-document', kindCode: address.code, childId: null },
    });
    const forInes = (await upload(t, guardian, { kindId: vaccination.id, childId: ines.id }, { filename: 'carnet.pdf', content: PDF })).json();
    expect((await reject(forInes.id, 'Page des vaccins manquante')).statusCode).toBe(200);
    expect(await itemOf(guardian, forInes.id)).toMatchObject({ title: 'Pièce justificative refusée : Carnet de vaccination d’Inès', reason: 'Page des vaccins manquante', action: { type: 'send-document', kindCode: vaccination.code, childId: ines.id } });
    expect((await toProvide()).map((d) => [d.childFirstName, d.state, d.message])).toEqual([
      [null, 'rejected', 'Justificatif de domicile : pièce refusée (Document illisible).'],
      ['Léo', 'missing', 'Carnet de vaccination de Léo : pièce à fournir.'],
      ['Inès', 'rejected', 'Carnet de vaccination d’Inès : pièce refusée (Page des vaccins manquante).'],
    ]);
    // staff's reason (free text that may describe a health record) is not copied into the feed's table
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM notifications.feed_item f WHERE f::text ~ '(illisible|vaccins manquante)'`))[0].n).toBe(0);

    // a new file sent: the item is done (no more action), its reason still told; the proof is no longer to provide
    expect((await upload(t, guardian, { kindId: address.id }, { filename: 'facture-2.pdf', content: PDF })).statusCode).toBe(201);
    expect((await feed(guardian)).items.find((i) => i.subjectId === first.id)).toMatchObject({ state: 'done', action: null, reason: 'Document illisible' });
    expect((await toProvide()).map((d) => d.childFirstName)).toEqual(['Léo', 'Inès']);

    // an accepted document adds nothing
    const accepted = (await upload(t, guardian, { kindId: vaccination.id, childId: leo.id }, { filename: 'carnet.pdf', content: PDF })).json();
    expect((await t.inject({ method: 'POST', url: `/api/staff/documents/${accepted.id}/accept`, headers: staff, payload: {} })).statusCode).toBe(200);
    const [reviewed] = await t.dataSource.query(`SELECT id FROM platform.outbox_event WHERE type = 'family.document.reviewed.v1' AND aggregate_id = $1`, [accepted.id]);
    await applied(reviewed.id, 'FeedProjection.onDocumentReviewed');
    expect((await feed(guardian)).items.map((i) => i.subjectId)).toEqual([forInes.id, first.id]);
  });

  it('term-activity registrations: confirmed once paid; cancelled with the reason in French', async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id);
    const { family, guardian } = await activityFamily(t);
    const [leo, ines] = family.children;

    const held = (await register(t, guardian, [{ childId: leo.id, groupId: escalade.id }])).json();
    await raise(t, 'payments.payment.validated.v1', { paymentId: paymentId(), familyId: family.id, amountCents: 4500, invoiceIds: [], registrationIds: [held.id] });
    expect(await itemOf(guardian, held.id)).toMatchObject({
      kind: 'activity-registration',
      title: `Inscription confirmée — ${held.number}`,
      body: `EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo. Montant réglé : ${eur(4500)}. Les séances sont sur le planning de l’enfant.`,
      amountCents: 4500,
      state: 'done',
    });

    const other = (await register(t, guardian, [{ childId: ines.id, groupId: escalade.id }])).json();
    await raise(t, 'payments.payment.failed.v1', { paymentId: paymentId(), familyId: family.id, outcome: 'refused', invoiceIds: [], registrationIds: [other.id] });
    expect(await itemOf(guardian, other.id)).toMatchObject({
      title: `Inscription annulée — ${other.number}`,
      body: 'EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Inès.',
      reason: 'Le paiement a été refusé.',
    });
  });

  describe('who sees what', () => {
    let a: CreatedFamily;
    let b: CreatedFamily;
    let a1: Headers;
    let a2: Headers;
    let bGuardian: Headers;
    const invoices = { a: [randomUUID(), randomUUID(), randomUUID()], b: randomUUID() };

    beforeAll(async () => {
      [a, b] = [await newFamily(t), await newFamily(t)];
      [a1, a2, bGuardian] = [(await guardianOf(t, a, 0)).headers, (await guardianOf(t, a, 1)).headers, (await guardianOf(t, b, 0)).headers];
      for (const [i, id] of invoices.a.entries()) {
        await issue(a.id, id, `ISO-2026-00000${i + 1}`, 1000 * (i + 1));
        await itemOf(a1, id);
      }
      await issue(b.id, invoices.b, 'ISO-2026-000009', 999);
      await itemOf(bGuardian, invoices.b);
    });

    it('a guardian sees only their family’s items, latest first, page by page', async () => {
      const page = await feed(a1);
      expect(page.items.map((i) => i.subjectId)).toEqual([...invoices.a].reverse());
      expect((await feed(bGuardian)).items.map((i) => i.subjectId)).toEqual([invoices.b]);
      const first = await feed(a1, '?limit=2');
      const second = await feed(a1, '?limit=2&offset=2');
      expect([first.hasMore, second.hasMore]).toEqual([true, false]);
      expect([...first.items, ...second.items].map((i) => i.subjectId)).toEqual(page.items.map((i) => i.subjectId));
    });

    it('each guardian has their own unread count; ?unread=true lists only what changed since', async () => {
      expect((await feed(a1)).unreadCount).toBe(3);
      const newest = (await feed(a1)).items[0];
      const read = await t.inject({ method: 'POST', url: '/api/feed/read', headers: a1, payload: { until: newest.updatedAt } });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual({ unreadCount: 0 });
      expect((await feed(a1)).items.every((i) => !i.unread)).toBe(true);
      expect((await feed(a2)).unreadCount).toBe(3);
      // marking read never goes back
      await t.inject({ method: 'POST', url: '/api/feed/read', headers: a1, payload: { until: '2020-01-01T00:00:00Z' } });
      expect((await feed(a1)).unreadCount).toBe(0);

      await pause(5);
      await allocate(a.id, invoices.a[0], 'ISO-2026-000001', 400, 600);
      await itemOf(a1, invoices.a[0], (i) => i.remainingCents === 600);
      const unread = await feed(a1, '?unread=true');
      expect(unread).toMatchObject({ unreadCount: 1, hasMore: false });
      expect(unread.items.map((i) => [i.subjectId, i.unread])).toEqual([[invoices.a[0], true]]);
      expect((await feed(a1)).items[0].subjectId).toBe(invoices.a[0]);
      expect((await feed(bGuardian)).unreadCount).toBe(1);
    });

    it('refuses bad queries naming the field, and staff', async () => {
      const bad = async (res: Promise<{ statusCode: number; json: () => { errors: { field: string }[] } }>, field: string) => {
        const r = await res;
        expect(r.statusCode).toBe(400);
        expect(r.json().errors.map((e) => e.field)).toContain(field);
      };
      await bad(t.inject({ method: 'GET', url: '/api/feed?limit=0', headers: a1 }), 'limit');
      await bad(t.inject({ method: 'GET', url: '/api/feed?unread=oui', headers: a1 }), 'unread');
      await bad(t.inject({ method: 'GET', url: `/api/feed?familyId=${b.id}`, headers: a1 }), 'familyId');
      await bad(t.inject({ method: 'POST', url: '/api/feed/read', headers: a1, payload: { until: 'hier' } }), 'until');
      expect((await t.inject({ method: 'GET', url: '/api/feed', headers: staff })).statusCode).toBe(403);
    });
  });
});

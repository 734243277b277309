import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupportingDocuments } from '../../src/modules/family/documents/application/supporting-documents';
import { addMonths, todayInParis } from '../../src/platform/dates';
import { CreatedFamily, guardianOf, newFamily } from '../factories/family.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { filesIn, JPEG, newKind, PDF, PNG, staffHeaders, upload } from './documents.support';

type Proof = { kind: { id: string }; state: string; validUntil: string | null; rejectionReason: string | null; files: { id: string; state: string }[] };
type View = { family: Proof[]; children: { childId: string; firstName: string; proofs: Proof[] }[] };

/** What guardians and staff see of each proof, staff review, the completeness answer, and the events. */
describe('family: supporting documents, states and review', () => {
  let t: TestApp;
  let dir: string;
  let staff: Record<string, string>;
  let supporting: SupportingDocuments;
  const today = todayInParis();
  const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const french = (date: string) => date.split('-').reverse().join('/');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-documents-'));
    t = await startTestApp({ role: 'api', env: { DOCUMENTS_DIR: dir } });
    staff = await staffHeaders(t);
    supporting = t.app.get(SupportingDocuments);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const view = async (headers: Record<string, string>, url = '/api/family/documents'): Promise<View> => {
    const res = await t.inject({ method: 'GET', url, headers });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const proof = (proofs: Proof[], kindId: string) => proofs.find((p) => p.kind.id === kindId);
  const accept = (id: string, payload: object = {}) => t.inject({ method: 'POST', url: `/api/staff/documents/${id}/accept`, headers: staff, payload });
  const reject = (id: string, reason: unknown) => t.inject({ method: 'POST', url: `/api/staff/documents/${id}/reject`, headers: staff, payload: { reason } });
  const events = (documentId: string) => t.dataSource.query(`SELECT type, payload FROM platform.outbox_event WHERE aggregate_id = $1 ORDER BY position DESC`, [documentId]);

  describe('a proof goes missing → sent → accepted / rejected → expired', () => {
    let family: CreatedFamily;
    let guardian: Record<string, string>;
    let address: { id: string; code: string };
    let vaccination: { id: string; code: string };

    beforeAll(async () => {
      family = await newFamily(t);
      guardian = (await guardianOf(t, family)).headers;
      address = await newKind(t, staff, { label: 'Justificatif de domicile', level: 'family', validityMonths: 12 });
      vaccination = await newKind(t, staff, { label: 'Carnet de vaccination', level: 'child' });
    });

    it('shows every active kind that applies, missing: family-level once, child-level per child', async () => {
      const inactive = await newKind(t, staff, { label: 'Ancienne pièce' });
      await t.inject({ method: 'POST', url: `/api/staff/document-kinds/${inactive.id}/deactivate`, headers: staff });
      const v = await view(guardian);
      expect(proof(v.family, address.id)).toEqual({
        kind: { id: address.id, code: address.code, label: 'Justificatif de domicile', description: null, level: 'family', requiredFor: [], validityMonths: 12, active: true },
        state: 'missing',
        validUntil: null,
        rejectionReason: null,
        files: [],
      });
      expect(proof(v.family, vaccination.id)).toBeUndefined();
      expect(proof(v.family, inactive.id)).toBeUndefined();
      expect(v.children.map((c) => [c.childId, c.firstName, proof(c.proofs, vaccination.id)?.state, proof(c.proofs, address.id)])).toEqual([
        [family.children[0].id, 'Léo', 'missing', undefined],
        [family.children[1].id, 'Inès', 'missing', undefined],
      ]);
    });

    it('sent, then accepted until the review day plus the validity, then expired once that day has passed', async () => {
      const sent = await upload(t, guardian, { kindId: address.id }, { filename: 'facture.pdf', content: PDF });
      const id = sent.json().id;
      let p = proof((await view(guardian)).family, address.id)!;
      expect(p).toMatchObject({ state: 'sent', validUntil: null, files: [{ id, fileName: 'facture.pdf', contentType: 'application/pdf', size: PDF.length, state: 'sent', uploadedAt: expect.any(String), reviewedAt: null }] });

      const accepted = await accept(id);
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toMatchObject({ id, state: 'accepted', validUntil: addMonths(today, 12), reviewedAt: expect.any(String) });
      p = proof((await view(guardian)).family, address.id)!;
      expect(p).toMatchObject({ state: 'accepted', validUntil: addMonths(today, 12), files: [{ id, state: 'accepted', validUntil: addMonths(today, 12) }] });
      expect(await events(id)).toEqual([
        { type: 'family.document.reviewed.v1', payload: { documentId: id, familyId: family.id, childId: null, kindCode: address.code, outcome: 'accepted', validUntil: addMonths(today, 12) } },
        { type: 'family.document.submitted.v1', payload: { documentId: id, familyId: family.id, childId: null, kindCode: address.code } },
      ]);

      // a year later, as far as the data is concerned
      await t.dataSource.query(`UPDATE family.document SET valid_until = $2 WHERE id = $1`, [id, dayBefore(today)]);
      p = proof((await view(guardian)).family, address.id)!;
      expect(p).toMatchObject({ state: 'expired', validUntil: dayBefore(today), files: [{ id, state: 'expired' }] });

      // a new proof sent: awaiting review again; the expired file stays listed
      const renewed = await upload(t, guardian, { kindId: address.id }, { filename: 'facture-2.png', content: PNG });
      p = proof((await view(guardian)).family, address.id)!;
      expect(p.state).toBe('sent');
      expect(p.files.map((f) => [f.id, f.state])).toEqual([
        [id, 'expired'],
        [renewed.json().id, 'sent'],
      ]);
    });

    it('rejected with its reason; accepted until the date staff chose', async () => {
      const leo = family.children[0].id;
      const sent = await upload(t, guardian, { kindId: vaccination.id, childId: leo }, { filename: 'carnet.jpg', content: JPEG });
      const id = sent.json().id;
      const rejected = await reject(id, '  Pages des vaccins manquantes.  ');
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json()).toMatchObject({ state: 'rejected', rejectionReason: 'Pages des vaccins manquantes.', validUntil: null });
      const v = await view(guardian);
      expect(proof(v.children[0].proofs, vaccination.id)).toMatchObject({ state: 'rejected', rejectionReason: 'Pages des vaccins manquantes.', files: [{ id, state: 'rejected', rejectionReason: 'Pages des vaccins manquantes.' }] });
      expect(proof(v.children[1].proofs, vaccination.id)!.state).toBe('missing');
      // the reason is free text that may describe a health record: not in the event
      expect((await events(id))[0]).toEqual({ type: 'family.document.reviewed.v1', payload: { documentId: id, familyId: family.id, childId: leo, kindCode: vaccination.code, outcome: 'rejected', validUntil: null } });

      const again = await upload(t, guardian, { kindId: vaccination.id, childId: leo }, { filename: 'carnet-complet.pdf', content: PDF });
      expect(proof((await view(guardian)).children[0].proofs, vaccination.id)!.state).toBe('sent');
      const chosen = await accept(again.json().id, { validUntil: '2031-06-30' });
      expect(chosen.json()).toMatchObject({ state: 'accepted', validUntil: '2031-06-30' });
      const kept = proof((await view(guardian)).children[0].proofs, vaccination.id)!;
      expect(kept).toMatchObject({ state: 'accepted', validUntil: '2031-06-30', rejectionReason: null });
    });

    it('gives staff the same view of any family, and 404 for an unknown one', async () => {
      expect(await view(staff, `/api/staff/families/${family.id}/documents`)).toEqual(await view(guardian));
      const unknown = await t.inject({ method: 'GET', url: '/api/staff/families/00000000-0000-4000-8000-000000000000/documents', headers: staff });
      expect(unknown.statusCode).toBe(404);
      expect((await t.inject({ method: 'GET', url: '/api/staff/families/x/documents', headers: staff })).json().errors).toEqual([{ field: 'familyId', message: 'doit être un identifiant (UUID)' }]);
    });

    it('keeps showing a deactivated kind where files were sent for it', async () => {
      const old = await newKind(t, staff, { label: 'Attestation CAF' });
      await upload(t, guardian, { kindId: old.id }, { filename: 'caf.pdf', content: PDF });
      await t.inject({ method: 'POST', url: `/api/staff/document-kinds/${old.id}/deactivate`, headers: staff });
      expect(proof((await view(guardian)).family, old.id)).toMatchObject({ kind: { active: false }, state: 'sent' });
      const other = await newFamily(t);
      expect(proof((await view((await guardianOf(t, other)).headers)).family, old.id)).toBeUndefined();
    });
  });

  describe('staff review', () => {
    it('lists the review queue with the family, the child and the kind, oldest first', async () => {
      const family = await newFamily(t);
      const guardian = (await guardianOf(t, family)).headers;
      const kind = await newKind(t, staff, { label: 'Carnet de santé', level: 'child' });
      const first = (await upload(t, guardian, { kindId: kind.id, childId: family.children[1].id }, { filename: 'sante.pdf', content: PDF })).json();
      const second = (await upload(t, guardian, { kindId: kind.id, childId: family.children[0].id }, { filename: 'sante-leo.pdf', content: PDF })).json();
      const queue = (await t.inject({ method: 'GET', url: '/api/staff/documents?status=sent&limit=200', headers: staff })).json();
      const mine = queue.filter((d: { kind: { id: string } }) => d.kind.id === kind.id);
      expect(mine).toEqual([
        {
          ...first,
          kind: { id: kind.id, code: kind.code, label: 'Carnet de santé' },
          family: { id: family.id, reference: family.reference, guardians: ['Marie Dupont', 'Karim Dupont'] },
          child: { id: family.children[1].id, firstName: 'Inès', lastName: 'Dupont' },
        },
        expect.objectContaining({ id: second.id, child: { id: family.children[0].id, firstName: 'Léo', lastName: 'Dupont' } }),
      ]);
      await accept(first.id);
      const afterReview = (await t.inject({ method: 'GET', url: '/api/staff/documents?limit=200', headers: staff })).json();
      expect(afterReview.map((d: { id: string }) => d.id)).not.toContain(first.id);
      const accepted = (await t.inject({ method: 'GET', url: '/api/staff/documents?status=accepted&limit=200', headers: staff })).json();
      expect(accepted.map((d: { id: string }) => d.id)).toContain(first.id);
      const bad = await t.inject({ method: 'GET', url: '/api/staff/documents?status=expired', headers: staff });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('status');
    });

    it('reviews only a sent document (409 otherwise), needs a reason to reject, refuses a past or wrong date', async () => {
      const family = await newFamily(t);
      const guardian = (await guardianOf(t, family)).headers;
      const kind = await newKind(t, staff);
      const id = (await upload(t, guardian, { kindId: kind.id }, { filename: 'a.pdf', content: PDF })).json().id;

      const noReason = await t.inject({ method: 'POST', url: `/api/staff/documents/${id}/reject`, headers: staff, payload: {} });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors).toEqual([{ field: 'reason', message: expect.stringMatching(/doit être renseigné/) }]);
      expect((await reject(id, '   ')).json().errors).toEqual([{ field: 'reason', message: expect.stringMatching(/doit être renseigné/) }]);
      const past = await accept(id, { validUntil: dayBefore(today) });
      expect(past.statusCode).toBe(422);
      expect(past.json().errors).toEqual([{ field: 'validUntil', message: 'La fin de validité ne peut pas être dans le passé.' }]);
      for (const validUntil of ['2026-02-30', '31/08/2026', 20260831]) {
        const wrong = await accept(id, { validUntil });
        expect([validUntil, wrong.statusCode, wrong.json().errors]).toEqual([validUntil, 400, [{ field: 'validUntil', message: 'doit être une date AAAA-MM-JJ' }]]);
      }
      expect(await events(id)).toHaveLength(1);

      expect((await accept(id, { validUntil: today })).json()).toMatchObject({ state: 'accepted', validUntil: today });
      const twice = await accept(id);
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('family.documents.already-reviewed');
      expect((await reject(id, 'Trop tard')).statusCode).toBe(409);
      expect(await events(id)).toHaveLength(2);
      const unknown = await accept('00000000-0000-4000-8000-000000000000');
      expect(unknown.statusCode).toBe(404);
    });

    it('is refused to guardians (403) and to anonymous callers (401)', async () => {
      const family = await newFamily(t);
      const guardian = (await guardianOf(t, family)).headers;
      const kind = await newKind(t, staff);
      const id = (await upload(t, guardian, { kindId: kind.id }, { filename: 'a.pdf', content: PDF })).json().id;
      for (const [method, url] of [
        ['GET', '/api/staff/documents'],
        ['GET', `/api/staff/families/${family.id}/documents`],
        ['GET', `/api/staff/documents/${id}/file`],
        ['POST', `/api/staff/documents/${id}/accept`],
        ['POST', `/api/staff/documents/${id}/reject`],
      ] as const) {
        const payload = method === 'POST' ? { reason: 'x' } : undefined;
        const asGuardian = await t.inject({ method, url, headers: guardian, payload });
        const anonymous = await t.inject({ method, url, payload });
        expect([url, asGuardian.statusCode, anonymous.statusCode]).toEqual([url, 403, 401]);
      }
      expect((await t.dataSource.query(`SELECT status FROM family.document WHERE id = $1`, [id]))[0].status).toBe('sent');
    });
  });

  describe('missingFor (the completeness check)', () => {
    it('lists each active kind a service requires, unless a proof valid on that day exists, saying in what state it is', async () => {
      const family = await newFamily(t);
      const guardian = (await guardianOf(t, family)).headers;
      const [leo, ines] = family.children.map((c) => c.id);
      const address = await newKind(t, staff, { code: 'proof-of-address', label: 'Justificatif de domicile', level: 'family', requiredFor: ['canteen', 'term-activity'], validityMonths: 12 });
      const vaccination = await newKind(t, staff, { code: 'vaccination-record', label: 'Carnet de vaccination', level: 'child', requiredFor: ['canteen'] });
      await newKind(t, staff, { code: 'insurance', label: 'Attestation d’assurance', level: 'child', requiredFor: ['term-activity'] });
      const retired = await newKind(t, staff, { code: 'retired', label: 'Pièce retirée', requiredFor: ['canteen'] });
      await t.inject({ method: 'POST', url: `/api/staff/document-kinds/${retired.id}/deactivate`, headers: staff });
      const ours = new Set(['document:proof-of-address', 'document:vaccination-record', 'document:insurance', 'document:retired']);
      const missing = async (childId: string, kind: 'canteen' | 'term-activity' | 'early-childhood', day = today) =>
        (await supporting.missingFor(family.id, childId, kind, day)).filter((m) => ours.has(m.code));

      expect(await missing(leo, 'canteen')).toEqual([
        { code: 'document:vaccination-record', message: 'Carnet de vaccination de Léo : pièce à fournir.' },
        { code: 'document:proof-of-address', message: 'Justificatif de domicile : pièce à fournir.' },
      ]);
      expect(await missing(leo, 'term-activity')).toEqual([
        { code: 'document:insurance', message: 'Attestation d’assurance de Léo : pièce à fournir.' },
        { code: 'document:proof-of-address', message: 'Justificatif de domicile : pièce à fournir.' },
      ]);
      expect(await missing(leo, 'early-childhood')).toEqual([]);

      const addressFile = (await upload(t, guardian, { kindId: address.id }, { filename: 'edf.pdf', content: PDF })).json().id;
      const leoFile = (await upload(t, guardian, { kindId: vaccination.id, childId: leo }, { filename: 'carnet.pdf', content: PDF })).json().id;
      expect(await missing(leo, 'canteen')).toEqual([
        { code: 'document:vaccination-record', message: 'Carnet de vaccination de Léo : pièce en attente de validation.' },
        { code: 'document:proof-of-address', message: 'Justificatif de domicile : pièce en attente de validation.' },
      ]);

      await reject(addressFile, 'facture de plus de 3 mois');
      await accept(leoFile, { validUntil: addMonths(today, 1) });
      expect(await missing(leo, 'canteen')).toEqual([{ code: 'document:proof-of-address', message: 'Justificatif de domicile : pièce refusée (facture de plus de 3 mois).' }]);
      // the family-level proof is the family's, the child-level one is Léo's only
      expect((await missing(ines, 'canteen')).map((m) => m.message)).toEqual(['Carnet de vaccination d’Inès : pièce à fournir.', 'Justificatif de domicile : pièce refusée (facture de plus de 3 mois).']);

      const newAddress = (await upload(t, guardian, { kindId: address.id }, { filename: 'edf-2.pdf', content: PDF })).json().id;
      await accept(newAddress, { validUntil: today });
      expect(await missing(leo, 'canteen')).toEqual([]);
      expect(await missing(leo, 'canteen', dayAfter(today))).toEqual([{ code: 'document:proof-of-address', message: `Justificatif de domicile : pièce expirée le ${french(today)}.` }]);
      expect(await missing(leo, 'canteen', dayAfter(addMonths(today, 1)))).toEqual([
        { code: 'document:vaccination-record', message: `Carnet de vaccination de Léo : pièce expirée le ${french(addMonths(today, 1))}.` },
        { code: 'document:proof-of-address', message: `Justificatif de domicile : pièce expirée le ${french(today)}.` },
      ]);
      // forFamily takes the day too
      const later = await supporting.forFamily(family.id, dayAfter(today));
      expect(later.family.find((p) => p.kind.id === address.id)).toMatchObject({ state: 'expired', validUntil: today });
    });
  });

  describe('events and storage go with the change, or not at all', () => {
    beforeAll(async () => {
      await t.dataSource.query(`
        CREATE FUNCTION public.test_refuse_document_events() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.type LIKE 'family.document.%' AND NEW.payload->>'kindCode' LIKE 'outbox-down%' THEN RAISE EXCEPTION 'outbox refused (test)'; END IF;
          RETURN NEW;
        END $$`);
      await t.dataSource.query(`CREATE TRIGGER test_refuse_document_events BEFORE INSERT ON platform.outbox_event FOR EACH ROW EXECUTE FUNCTION public.test_refuse_document_events()`);
      await t.dataSource.query(`
        CREATE FUNCTION public.test_refuse_documents() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.file_name = 'refuse.pdf' THEN RAISE EXCEPTION 'document refused (test)'; END IF;
          RETURN NEW;
        END $$`);
      await t.dataSource.query(`CREATE TRIGGER test_refuse_documents BEFORE INSERT OR UPDATE ON family.document FOR EACH ROW EXECUTE FUNCTION public.test_refuse_documents()`);
    });

    const state = async (kindId: string) => ({
      documents: await t.dataSource.query(`SELECT status FROM family.document WHERE kind_id = $1`, [kindId]),
      events: (await t.dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox_event WHERE type LIKE 'family.document.%'`))[0].n,
      files: filesIn(dir).length,
    });

    it('an upload whose event cannot be written records nothing and deletes the stored file', async () => {
      const family = await newFamily(t);
      const guardian = (await guardianOf(t, family)).headers;
      const kind = await newKind(t, staff, { code: 'outbox-down-upload' });
      const before = await state(kind.id);
      const res = await upload(t, guardian, { kindId: kind.id }, { filename: 'a.pdf', content: PDF });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('outbox refused');
      expect(await state(kind.id)).toEqual(before);
    });

    it('an upload whose row cannot be written raises no event and deletes the stored file', async () => {
      const family = await newFamily(t);
      const guardian = (await guardianOf(t, family)).headers;
      const kind = await newKind(t, staff);
      const before = await state(kind.id);
      expect((await upload(t, guardian, { kindId: kind.id }, { filename: 'refuse.pdf', content: PDF })).statusCode).toBe(500);
      expect(await state(kind.id)).toEqual(before);
    });

    it('a review whose event cannot be written leaves the document awaiting review', async () => {
      const family = await newFamily(t);
      const guardian = (await guardianOf(t, family)).headers;
      const kind = await newKind(t, staff, { code: 'outbox-down-review' });
      await t.dataSource.query(`ALTER TABLE platform.outbox_event DISABLE TRIGGER test_refuse_document_events`);
      const id = (await upload(t, guardian, { kindId: kind.id }, { filename: 'a.pdf', content: PDF })).json().id;
      await t.dataSource.query(`ALTER TABLE platform.outbox_event ENABLE TRIGGER test_refuse_document_events`);
      const before = await state(kind.id);
      expect((await accept(id)).statusCode).toBe(500);
      expect((await reject(id, 'Illisible')).statusCode).toBe(500);
      expect(await state(kind.id)).toEqual(before);
      expect(before.documents).toEqual([{ status: 'sent' }]);
    });
  });
});

import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, newSession } from '../factories/identity.factory';
import { CreatedFamily, guardianOf, newFamily } from '../factories/family.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { EXE, filesIn, JPEG, multipart, newKind, PDF, PNG, staffHeaders, streamedUpload, upload } from './documents.support';

/** A guardian sends a file for a kind of proof: the type from the contents, the size limit, what the file is for; downloads. */
describe('family: supporting documents, upload and download', () => {
  let t: TestApp;
  let dir: string;
  let staff: Record<string, string>;
  let family: CreatedFamily;
  let guardian: Record<string, string>;
  let familyKind: { id: string; code: string };
  let childKind: { id: string; code: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-documents-'));
    t = await startTestApp({ role: 'api', env: { DOCUMENTS_DIR: dir } });
    staff = await staffHeaders(t);
    family = await newFamily(t);
    guardian = (await guardianOf(t, family)).headers;
    familyKind = await newKind(t, staff, { label: 'Justificatif de domicile', level: 'family' });
    childKind = await newKind(t, staff, { label: 'Carnet de vaccination', level: 'child' });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM family.document)::int AS documents, (SELECT count(*) FROM platform.outbox_event WHERE type LIKE 'family.document.%')::int AS events`,
    );
    return { ...row, files: filesIn(dir).length };
  };

  it.each([
    ['a PDF', 'attestation.pdf', PDF, 'application/pdf', 'attestation.pdf'],
    ['a JPEG', 'photo.JPEG', JPEG, 'image/jpeg', 'photo.jpeg'],
    ['a PNG', 'scan.png', PNG, 'image/png', 'scan.png'],
  ])('stores %s, typed from its contents, with its event in the outbox', async (_, filename, content, type, kept) => {
    const before = await counts();
    const res = await upload(t, guardian, { kindId: familyKind.id }, { filename, content });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kindId: familyKind.id, kindCode: familyKind.code, childId: null, fileName: kept, contentType: type, size: content.length, state: 'sent', reviewedAt: null, validUntil: null, rejectionReason: null });
    expect(await counts()).toEqual({ documents: before.documents + 1, events: before.events + 1, files: before.files + 1 });
    const [event] = await t.dataSource.query(`SELECT type, aggregate_id, payload FROM platform.outbox_event WHERE aggregate_id = $1`, [res.json().id]);
    expect(event).toEqual({ type: 'family.document.submitted.v1', aggregate_id: res.json().id, payload: { documentId: res.json().id, familyId: family.id, childId: null, kindCode: familyKind.code } });
    // kept under a key Guichet made (a uuid), never the name sent
    const [{ storage_key: key }] = await t.dataSource.query(`SELECT storage_key FROM family.document WHERE id = $1`, [res.json().id]);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(filesIn(dir)).toContain(join(dir, key));

    const file = await t.inject({ method: 'GET', url: `/api/family/documents/${res.json().id}/file`, headers: guardian });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe(type);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${kept}"; filename*=UTF-8''${kept}`);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(content)).toBe(true);
  });

  it('stores a JPEG sent as a PDF (name and declared type) as what it is: image/jpeg', async () => {
    const res = await upload(t, guardian, { kindId: familyKind.id }, { filename: 'facture.pdf', content: JPEG, contentType: 'application/pdf' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ contentType: 'image/jpeg', fileName: 'facture.jpg' });
    const file = await t.inject({ method: 'GET', url: `/api/family/documents/${res.json().id}/file`, headers: guardian });
    expect(file.headers['content-type']).toBe('image/jpeg');
  });

  it('refuses an executable renamed .pdf (422 on file) and stores nothing', async () => {
    const before = await counts();
    const res = await upload(t, guardian, { kindId: familyKind.id }, { filename: 'facture.pdf', content: EXE, contentType: 'application/pdf' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([{ field: 'file', message: expect.stringMatching(/PDF, une image JPEG ou une image PNG/) }]);
    const empty = await upload(t, guardian, { kindId: familyKind.id }, { filename: 'vide.pdf', content: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors).toEqual([{ field: 'file', message: 'Le fichier est vide.' }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a 50 MB file with 413 on file, stores nothing, and never holds it in memory', async () => {
    const before = await counts();
    // announced by its Content-Length: refused before reading it
    const big = multipart([{ name: 'kindId', value: familyKind.id }, { name: 'file', filename: 'gros.pdf', content: Buffer.concat([PDF, Buffer.alloc(50 * 1024 * 1024)]) }]);
    const announced = await t.inject({ method: 'POST', url: '/api/family/documents', headers: { ...guardian, ...big.headers }, payload: big.payload });
    expect(announced.statusCode).toBe(413);
    expect(announced.json()).toMatchObject({ status: 413, title: 'Requête trop volumineuse', code: 'family.documents.file-too-large', errors: [{ field: 'file', message: 'Le fichier dépasse 10 Mo.' }] });
    // streamed without a length: cut off at 10 MB by the parser, the rest read and dropped
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const streamed = streamedUpload({ kindId: familyKind.id }, { filename: 'gros.pdf', head: PDF, size: 50 * 1024 * 1024 });
    const cut = await t.inject({ method: 'POST', url: '/api/family/documents', headers: { ...guardian, ...streamed.headers }, payload: streamed.payload });
    expect(cut.statusCode).toBe(413);
    expect(cut.json().errors).toEqual([{ field: 'file', message: 'Le fichier dépasse 10 Mo.' }]);
    expect(process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(40 * 1024 * 1024);
    expect(await counts()).toEqual(before);
  });

  it('answers 413 over a real keep-alive connection too, whether the size is announced or not', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const agent = new Agent({ keepAlive: true });
    try {
      for (const announced of [true, false]) {
        let length = 0;
        for await (const chunk of streamedUpload({ kindId: familyKind.id }, { filename: 'gros.pdf', head: PDF, size: 50 * 1024 * 1024 }).payload) length += chunk.length;
        const body = streamedUpload({ kindId: familyKind.id }, { filename: 'gros.pdf', head: PDF, size: 50 * 1024 * 1024 });
        const headers = { ...guardian, ...body.headers, ...(announced ? { 'content-length': String(length) } : {}) };
        const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/family/documents', headers, agent }, (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode, body: text }));
          });
          req.on('error', (error: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(error.code!) ? undefined : reject(error)));
          body.payload.pipe(req);
        });
        expect([announced, answer.status, JSON.parse(answer.body).errors]).toEqual([announced, 413, [{ field: 'file', message: 'Le fichier dépasse 10 Mo.' }]]);
      }
    } finally {
      agent.destroy();
    }
  });

  it('accepts a file of exactly 10 MB', async () => {
    const content = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 - PDF.length)]);
    const res = await upload(t, guardian, { kindId: familyKind.id }, { filename: 'juste.pdf', content });
    expect(res.statusCode).toBe(201);
    expect(res.json().size).toBe(10 * 1024 * 1024);
  });

  it('says which field is missing or wrong, and stores nothing', async () => {
    const before = await counts();
    const noFile = await upload(t, guardian, { kindId: familyKind.id });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors).toEqual([{ field: 'file', message: expect.stringMatching(/Joignez le fichier/) }]);
    const noKind = await upload(t, guardian, {}, { filename: 'a.pdf', content: PDF });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().errors).toEqual([{ field: 'kindId', message: expect.stringMatching(/doit être renseigné/) }]);
    const badIds = await upload(t, guardian, { kindId: 'abc', childId: '12' });
    expect(badIds.json().errors.map((e: { field: string }) => e.field)).toEqual(['kindId', 'childId', 'file']);
    const unknownKind = await upload(t, guardian, { kindId: '00000000-0000-4000-8000-000000000000' }, { filename: 'a.pdf', content: PDF });
    expect(unknownKind.statusCode).toBe(422);
    expect(unknownKind.json().errors).toEqual([{ field: 'kindId', message: expect.stringMatching(/pas \(ou plus\) demandée/) }]);
    // the family always comes from the session
    const familyField = await upload(t, guardian, { kindId: familyKind.id, familyId: family.id }, { filename: 'a.pdf', content: PDF });
    expect(familyField.statusCode).toBe(400);
    expect(familyField.json().errors).toEqual([{ field: 'familyId', message: 'Champ inconnu.' }]);
    const fileAsText = await upload(t, guardian, { kindId: familyKind.id, file: 'ceci est un texte' });
    expect(fileAsText.json().errors).toEqual([{ field: 'file', message: 'doit être un fichier' }]);
    const twoFiles = multipart([{ name: 'kindId', value: familyKind.id }, { name: 'file', filename: 'a.pdf', content: PDF }, { name: 'file', filename: 'b.pdf', content: PDF }]);
    const two = await t.inject({ method: 'POST', url: '/api/family/documents', headers: { ...guardian, ...twoFiles.headers }, payload: twoFiles.payload });
    expect(two.statusCode).toBe(400);
    expect(two.json().errors).toEqual([{ field: 'file', message: 'Envoyez un seul fichier à la fois.' }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body that is not a multipart form, or a broken one, with 4xx naming the field', async () => {
    const before = await counts();
    const json = await t.inject({ method: 'POST', url: '/api/family/documents', headers: guardian, payload: { kindId: familyKind.id, file: 'JVBERi0=' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().errors).toEqual([{ field: 'file', message: expect.stringMatching(/multipart\/form-data/) }]);
    const noBoundary = await t.inject({ method: 'POST', url: '/api/family/documents', headers: { ...guardian, 'content-type': 'multipart/form-data' }, payload: 'x' });
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.json().errors).toEqual([{ field: 'file', message: expect.stringMatching(/illisible/) }]);
    const body = multipart([{ name: 'kindId', value: familyKind.id }, { name: 'file', filename: 'a.pdf', content: PDF }]);
    const cut = await t.inject({ method: 'POST', url: '/api/family/documents', headers: { ...guardian, ...body.headers }, payload: body.payload.subarray(0, body.payload.length - 500) });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().errors).toEqual([{ field: 'file', message: expect.stringMatching(/illisible ou incomplet/) }]);
    expect(await counts()).toEqual(before);
  });

  it('needs a child of the family for a child-level kind, and none for a family-level kind', async () => {
    const before = await counts();
    const other = await newFamily(t);
    const noChild = await upload(t, guardian, { kindId: childKind.id }, { filename: 'carnet.pdf', content: PDF });
    expect(noChild.statusCode).toBe(422);
    expect(noChild.json().errors).toEqual([{ field: 'childId', message: '« Carnet de vaccination » se fournit pour un enfant : précisez lequel.' }]);
    const otherChild = await upload(t, guardian, { kindId: childKind.id, childId: other.children[0].id }, { filename: 'carnet.pdf', content: PDF });
    expect(otherChild.statusCode).toBe(422);
    expect(otherChild.json().errors).toEqual([{ field: 'childId', message: 'Cet enfant ne fait pas partie de votre famille.' }]);
    const childOnFamilyKind = await upload(t, guardian, { kindId: familyKind.id, childId: family.children[0].id }, { filename: 'a.pdf', content: PDF });
    expect(childOnFamilyKind.statusCode).toBe(422);
    expect(childOnFamilyKind.json().errors[0].field).toBe('childId');
    expect(await counts()).toEqual(before);

    const ok = await upload(t, guardian, { kindId: childKind.id, childId: family.children[1].id }, { filename: 'carnet-inès.png', content: PNG });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ childId: family.children[1].id, fileName: 'carnet-inès.png' });
    const [event] = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE aggregate_id = $1`, [ok.json().id]);
    expect(event.payload).toEqual({ documentId: ok.json().id, familyId: family.id, childId: family.children[1].id, kindCode: childKind.code });
    const file = await t.inject({ method: 'GET', url: `/api/family/documents/${ok.json().id}/file`, headers: guardian });
    expect(file.headers['content-disposition']).toBe(`attachment; filename="carnet-ines.png"; filename*=UTF-8''carnet-in%C3%A8s.png`);
  });

  it('refuses a kind that staff deactivated', async () => {
    const kind = await newKind(t, staff);
    await t.inject({ method: 'POST', url: `/api/staff/document-kinds/${kind.id}/deactivate`, headers: staff });
    const res = await upload(t, guardian, { kindId: kind.id }, { filename: 'a.pdf', content: PDF });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('kindId');
  });

  it('lets at most 5 files of one proof await review', async () => {
    const kind = await newKind(t, staff);
    for (let i = 0; i < 5; i++) expect((await upload(t, guardian, { kindId: kind.id }, { filename: `page${i}.pdf`, content: PDF })).statusCode).toBe(201);
    const sixth = await upload(t, guardian, { kindId: kind.id }, { filename: 'page6.pdf', content: PDF });
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json().code).toBe('family.documents.too-many-awaiting-review');
  });

  it("keeps each family's files to itself: another family's document answers 404; staff download any (recorded)", async () => {
    const kind = await newKind(t, staff, { label: "Avis d'imposition" });
    const res = await upload(t, guardian, { kindId: kind.id }, { filename: 'avis.pdf', content: PDF });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const secondGuardian = (await guardianOf(t, family, 1)).headers;
    expect((await t.inject({ method: 'GET', url: `/api/family/documents/${id}/file`, headers: secondGuardian })).statusCode).toBe(200);

    const other = await newFamily(t);
    const stranger = (await guardianOf(t, other)).headers;
    const refused = await t.inject({ method: 'GET', url: `/api/family/documents/${id}/file`, headers: stranger });
    expect(refused.statusCode).toBe(404);
    const unknown = await t.inject({ method: 'GET', url: `/api/family/documents/00000000-0000-4000-8000-000000000000/file`, headers: stranger });
    expect(refused.json().detail).toBe(unknown.json().detail);
    expect(refused.body).not.toContain('avis');
    const list = await t.inject({ method: 'GET', url: '/api/family/documents', headers: stranger });
    expect(JSON.stringify(list.json())).not.toContain(id);
    const badId = await t.inject({ method: 'GET', url: `/api/family/documents/pas-un-id/file`, headers: guardian });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors).toEqual([{ field: 'documentId', message: 'doit être un identifiant (UUID)' }]);

    const staffAccount = await newSession(t.dataSource, 'staff');
    const byStaff = await t.inject({ method: 'GET', url: `/api/staff/documents/${id}/file`, headers: bearer(staffAccount.token) });
    expect(byStaff.statusCode).toBe(200);
    expect(byStaff.rawPayload.equals(PDF)).toBe(true);
    expect(await t.dataSource.query(`SELECT account_id FROM family.document_access WHERE document_id = $1`, [id])).toEqual([{ account_id: staffAccount.accountId }]);
    expect((await t.inject({ method: 'GET', url: `/api/staff/documents/${id}/file`, headers: guardian })).statusCode).toBe(403);
  });

  it('refuses uploads from staff, from anonymous callers, and from a guardian with no family', async () => {
    expect((await upload(t, staff, { kindId: familyKind.id }, { filename: 'a.pdf', content: PDF })).statusCode).toBe(403);
    expect((await upload(t, {}, { kindId: familyKind.id }, { filename: 'a.pdf', content: PDF })).statusCode).toBe(401);
    const lone = bearer((await newSession(t.dataSource, 'guardian')).token);
    const res = await upload(t, lone, { kindId: familyKind.id }, { filename: 'a.pdf', content: PDF });
    expect(res.statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: '/api/family/documents', headers: lone })).statusCode).toBe(404);
  });
});

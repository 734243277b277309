import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardianOf, newFamily } from '../factories/family.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { newKind, PDF, staffHeaders, upload } from './documents.support';

// s3rver (devDependency) has no type declarations: the part used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };

/** The application with DOCUMENTS_STORAGE=s3, against a real local S3 server (s3rver). */
describe('family: supporting documents on S3-compatible storage', () => {
  let t: TestApp;
  let server: InstanceType<typeof S3rver>;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'guichet-documents' }] });
    const { port } = await server.run();
    t = await startTestApp({
      role: 'api',
      env: {
        DOCUMENTS_STORAGE: 's3',
        S3_ENDPOINT: `http://127.0.0.1:${port}`,
        S3_REGION: 'us-east-1',
        S3_BUCKET: 'guichet-documents',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_FORCE_PATH_STYLE: 'true',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await server?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the file as an object named by a uuid, and streams it back to the family and staff', async () => {
    const staff = await staffHeaders(t);
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family)).headers;
    const kind = await newKind(t, staff);
    const res = await upload(t, guardian, { kindId: kind.id }, { filename: '../../facture.pdf', content: PDF });
    expect(res.statusCode).toBe(201);
    const [{ storage_key: key }] = await t.dataSource.query(`SELECT storage_key FROM family.document WHERE id = $1`, [res.json().id]);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const [url, headers] of [[`/api/family/documents/${res.json().id}/file`, guardian], [`/api/staff/documents/${res.json().id}/file`, staff]] as const) {
      const file = await t.inject({ method: 'GET', url, headers });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toBe(`attachment; filename="facture.pdf"; filename*=UTF-8''facture.pdf`);
      expect(file.rawPayload.equals(PDF)).toBe(true);
    }
  });

  it('answers 503 and records nothing when the storage cannot be reached', async () => {
    const staff = await staffHeaders(t);
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family)).headers;
    const kind = await newKind(t, staff);
    await server.close();
    const res = await upload(t, guardian, { kindId: kind.id }, { filename: 'a.pdf', content: PDF });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('family.documents.storage-unavailable');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM family.document WHERE kind_id = $1`, [kind.id]))[0].n).toBe(0);
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DocumentStorage, StoredFileNotFound } from '../../src/modules/family/documents/application/document-storage';
import { LocalDocumentStorage } from '../../src/modules/family/documents/infrastructure/local.document-storage';
import { S3DocumentStorage } from '../../src/modules/family/documents/infrastructure/s3.document-storage';

// s3rver (devDependency) has no type declarations: the part used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The same contract for both adapters: put, get (streamed), delete, keys that are uuids only. */
function storageContract(name: string, make: () => DocumentStorage) {
  describe(name, () => {
    it('stores a file, streams it back, deletes it', async () => {
      const storage = make();
      const key = randomUUID();
      const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024)]);
      await storage.put(key, content, 'application/pdf');
      expect((await readAll(await storage.get(key))).equals(content)).toBe(true);
      await storage.delete(key);
      await expect(storage.get(key)).rejects.toBeInstanceOf(StoredFileNotFound);
      await storage.delete(key); // deleting twice is fine
    });

    it('answers StoredFileNotFound for a key never stored', async () => {
      await expect(make().get(randomUUID())).rejects.toBeInstanceOf(StoredFileNotFound);
    });

    it('refuses keys that are not uuids (no user input in paths or object names)', async () => {
      const storage = make();
      for (const key of ['../../etc/passwd', 'a/b', '', 'facture.pdf']) {
        await expect(storage.put(key, Buffer.from('x'), 'application/pdf')).rejects.toThrow(/keys are uuids/);
        await expect(storage.get(key)).rejects.toThrow(/keys are uuids/);
        await expect(storage.delete(key)).rejects.toThrow(/keys are uuids/);
      }
    });
  });
}

describe('supporting documents: storage adapters', () => {
  const folders: string[] = [];
  const folder = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };
  afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describe('local folder', () => {
    const root = folder('guichet-docs-');
    storageContract('contract', () => new LocalDocumentStorage(join(root, 'documents')));

    it('creates its folder if missing, keeps one owner-only file per key and no temporary file', async () => {
      const dir = join(root, 'nested', 'documents');
      const storage = new LocalDocumentStorage(dir);
      await storage.prepare();
      expect(statSync(dir).isDirectory()).toBe(true);
      const key = randomUUID();
      await storage.put(key, Buffer.from('%PDF-1.4'), 'application/pdf');
      expect(readdirSync(dir)).toEqual([key]);
      expect(statSync(join(dir, key)).mode & 0o777).toBe(0o600);
    });
  });

  describe('S3-compatible (s3rver, a local S3 server)', () => {
    let server: InstanceType<typeof S3rver>;
    let endpoint: string;
    const stores: S3DocumentStorage[] = [];

    beforeAll(async () => {
      server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: folder('guichet-s3rver-'), configureBuckets: [{ name: 'guichet-documents' }] });
      const { port } = await server.run();
      endpoint = `http://127.0.0.1:${port}`;
    });
    afterAll(async () => {
      stores.forEach((s) => s.close());
      await server?.close();
    });

    const s3 = (bucket = 'guichet-documents') => {
      const store = new S3DocumentStorage({ endpoint, region: 'us-east-1', bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
      stores.push(store);
      return store;
    };

    storageContract('contract', () => s3());

    it('fails loudly (not as "not found") when the bucket does not exist', async () => {
      const storage = s3('no-such-bucket');
      await expect(storage.put(randomUUID(), Buffer.from('%PDF-'), 'application/pdf')).rejects.toThrow(/bucket/i);
    });
  });
});

import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { assertStorageKey, DocumentStorage, StoredFileNotFound } from '../application/document-storage';

/**
 * Files in a folder of this machine (DOCUMENTS_DIR, default `.guichet/documents`), one file per
 * key, readable by this user only. A file is written under a temporary name, flushed, then renamed:
 * a crash never leaves half a file under a key.
 */
export class LocalDocumentStorage extends DocumentStorage {
  readonly dir: string;

  constructor(dir: string) {
    super();
    this.dir = resolve(dir);
  }

  /** Creates the folder if missing (at start: a folder that cannot be created stops the start). */
  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  async put(key: string, content: Buffer, _contentType?: string): Promise<void> {
    const path = this.path(key);
    const temporary = `${path}.partial`;
    await this.prepare();
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.path(key);
    try {
      await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredFileNotFound(key);
      throw error;
    }
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    assertStorageKey(key);
    return join(this.dir, key);
  }
}

import type { Readable } from 'node:stream';

/**
 * Where the files of supporting documents are kept. Adapters (infrastructure/): a local folder
 * (default) and an S3-compatible object storage, chosen by DOCUMENTS_STORAGE. Keys are made by
 * Guichet (uuids), never from anything a user sent.
 */
export abstract class DocumentStorage {
  /** Stores the file under this key (replacing nothing: keys are new uuids). */
  abstract put(key: string, content: Buffer, contentType: string): Promise<void>;
  /** The file's contents, streamed; throws StoredFileNotFound when there is none. */
  abstract get(key: string): Promise<Readable>;
  /** Deletes the file; no error when there is none. */
  abstract delete(key: string): Promise<void>;
}

export class StoredFileNotFound extends Error {
  constructor(key: string) {
    super(`No stored file under key ${key}`);
    this.name = 'StoredFileNotFound';
  }
}

/** Storage keys are uuids: nothing a user sent ever reaches a path or an object name. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`Invalid storage key "${key}": keys are uuids`);
}

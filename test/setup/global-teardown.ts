import { Client } from 'pg';
import { runId, TEST_PG_ADMIN_URL } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    const dbs = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`guichet\\_test\\_${runId()}\\_%`]);
    for (const { datname } of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

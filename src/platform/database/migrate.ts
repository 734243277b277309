import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Arbitrary constant: serialises migration runs across instances starting at once. */
const MIGRATION_LOCK = 4_721_093_001;

/** Applies pending migrations under an advisory lock, so several instances can start together. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required to run migrations from the command line');
    process.exit(2);
  }
  runMigrations(url)
    .then((names) => console.log(names.length ? `applied: ${names.join(', ')}` : 'database is up to date'))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}

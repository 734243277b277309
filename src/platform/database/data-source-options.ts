import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** TypeORM options shared by the application, the migration runner and the TypeORM CLI. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // Forward-only migrations at the top level; never `synchronize`.
    migrations: [join(__dirname, '..', '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, application_name: 'guichet' },
  };
}

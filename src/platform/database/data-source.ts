/**
 * DataSource for the TypeORM CLI (`npm run typeorm -- migration:generate migrations/Name`).
 * Entities are listed by glob here; the application registers each module's own entities.
 */
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guichet'),
  entities: [join(__dirname, '..', '..', 'modules', '**', '*.orm-entity.{ts,js}')],
});

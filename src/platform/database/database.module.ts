import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { TransactionHost } from './transaction-host';

/**
 * One TypeORM DataSource for the application. Each module registers its own entities with
 * `TypeOrmModule.forFeature` (autoLoadEntities), in its own PostgreSQL schema.
 * Transactions: `TransactionHost.withTransaction(fn)`; repositories, the outbox and event
 * handlers use `txHost.tx` to join the current one.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database.url!, config.database.poolSize),
        autoLoadEntities: true,
        migrationsRun: false,
      }),
    }),
  ],
  providers: [TransactionHost],
  exports: [TransactionHost],
})
export class DatabaseModule {}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { dataSourceOptions } from './data-source-options';

/**
 * One TypeORM DataSource for the application. Each module registers its own entities with
 * `TypeOrmModule.forFeature` (autoLoadEntities), in its own PostgreSQL schema.
 * Transactions are carried by CLS: `@Transactional()` or `TransactionHost.withTransaction`,
 * and every repository or the outbox use `txHost.tx` to join the current one.
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
    ClsModule.forRoot({
      global: true,
      plugins: [
        new ClsPluginTransactional({
          imports: [TypeOrmModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
        }),
      ],
    }),
  ],
})
export class DatabaseModule {}

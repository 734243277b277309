import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionResolver } from '../../platform/http';
import { SessionTokenResolver } from './application/session-token.resolver';
import { AccountOrmEntity } from './infrastructure/account.orm-entity';
import { SessionOrmEntity } from './infrastructure/session.orm-entity';
import { SessionRepository } from './infrastructure/session.repository';

/** Accounts, roles, sessions, local login and SSO (schema `identity`). */
@Module({
  imports: [TypeOrmModule.forFeature([AccountOrmEntity, SessionOrmEntity])],
  providers: [SessionRepository, { provide: SessionResolver, useClass: SessionTokenResolver }],
  exports: [SessionResolver],
})
export class IdentityModule {}

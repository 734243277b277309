import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionResolver } from '../../platform/http';
import { FamilyModule } from '../family';
import { AccountDirectory } from './application/account-directory';
import { ActivationService } from './application/activation.service';
import { AdminBootstrap } from './application/admin-bootstrap';
import { IdentityDataExport } from './application/identity-data-export';
import { IdentityHousekeeping } from './application/identity-housekeeping';
import { AccountsService } from './application/accounts.service';
import { AuthService } from './application/auth.service';
import { PasswordHasher } from './application/password-hasher';
import { SessionTokenResolver } from './application/session-token.resolver';
import { SsoLinkService } from './application/sso-link.service';
import { SsoLoginService } from './application/sso-login.service';
import { ActivationController } from './http/activation.controller';
import { AdminAccountsController } from './http/admin-accounts.controller';
import { AuthController } from './http/auth.controller';
import { EduConnectPassport } from './http/educonnect.strategy';
import { SsoController } from './http/sso.controller';
import { AccountOrmEntity } from './infrastructure/account.orm-entity';
import { AccountRepository } from './infrastructure/account.repository';
import { ActivationRepository } from './infrastructure/activation.repository';
import { AuditRepository } from './infrastructure/audit.repository';
import { OidcClient } from './infrastructure/oidc.client';
import { OneTimeTokenRepository } from './infrastructure/one-time-token.repository';
import { SessionOrmEntity } from './infrastructure/session.orm-entity';
import { SessionRepository } from './infrastructure/session.repository';
import { SsoRepository } from './infrastructure/sso.repository';

/** Accounts, roles, sessions, local login and SSO (schema `identity`). See README.md. */
@Module({
  imports: [TypeOrmModule.forFeature([AccountOrmEntity, SessionOrmEntity]), FamilyModule],
  controllers: [AuthController, AdminAccountsController, ActivationController, SsoController],
  providers: [
    AccountDirectory,
    AccountRepository,
    IdentityDataExport,
    SessionRepository,
    OneTimeTokenRepository,
    AuditRepository,
    PasswordHasher,
    AuthService,
    AccountsService,
    ActivationRepository,
    ActivationService,
    AdminBootstrap,
    IdentityHousekeeping,
    // SSO (EduConnect-style OpenID Connect)
    OidcClient,
    SsoRepository,
    SsoLoginService,
    SsoLinkService,
    EduConnectPassport,
    { provide: SessionResolver, useClass: SessionTokenResolver },
  ],
  exports: [SessionResolver, AccountDirectory],
})
export class IdentityModule {}

import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { BillingModule } from './modules/billing';
import { FamilyModule } from './modules/family';
import { IdentityModule } from './modules/identity';
import { NotificationsModule } from './modules/notifications';
import { PaymentsModule } from './modules/payments';
import { ReservationsModule } from './modules/reservations';
import { AuthGuard } from './platform/http';
import { PlatformModule } from './platform/platform.module';

export const BUSINESS_MODULES = [IdentityModule, FamilyModule, ReservationsModule, BillingModule, PaymentsModule, NotificationsModule];

/** The modular monolith: the platform kernel plus the six business modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extra: Pick<ModuleMetadata, 'imports'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config), ...BUSINESS_MODULES, ...(extra.imports ?? [])],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}

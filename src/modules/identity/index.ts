/** Public face of the identity module. Other modules import only this file. */
import './domain/identity.events';
export { IdentityModule } from './identity.module';
export { startDevSso } from './infrastructure/dev-oidc-provider';
export { AccountDirectory } from './application/account-directory';
export type { AccountContact } from './application/account-directory';

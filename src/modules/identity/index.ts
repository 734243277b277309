/** Public face of the identity module. Other modules import only this file. */
export { IdentityModule } from './identity.module';

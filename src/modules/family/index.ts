/** Public face of the family module. Other modules import only this file. */
export { FamilyModule } from './family.module';

/** Public face of the reservations module. Other modules import only this file. */
export { ReservationsModule } from './reservations.module';
export type { BookedDay, ActivityPlaceFact } from './domain/reservations.events';
import './domain/reservations.events';

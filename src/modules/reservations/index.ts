/** Public face of the reservations module. Other modules import only this file. */
export { ReservationsModule } from './reservations.module';
export { ReservationRequests } from './application/reservation-requests';
export type { RequestOutcome } from './application/reservation-requests';
export { ReservationFacts } from './application/reservation-facts';
export type { DayFacts } from './application/reservation-facts';
export { ActivityRegistrations } from './application/activity-registrations';
export type { RegistrationForPayment } from './application/activity-registrations';
export type { RegistrationStatus, ReleaseReason } from './domain/activity';
export type { BookedDay, ActivityPlaceFact } from './domain/reservations.events';
import './domain/reservations.events';

/**
 * Events raised by reservations (catalogue in docs/events.md). Payloads carry ids, dates and
 * amounts, never a child's name or health data, nor staff's free text (a refusal reason is read
 * with the module's public face).
 */
export interface BookedDay {
  date: string;
  /** hourly-slot services: the slot (HH:MM); null for services booked by the day */
  startsAt: string | null;
  endsAt: string | null;
}

export interface ActivityPlaceFact {
  groupId: string;
  childId: string;
  priceCents: number;
}

interface BookingFacts {
  /** the batch ("réservation") the days belong to */
  reservationId: string;
  familyId: string;
  childId: string;
  serviceId: string;
  establishmentId: string;
}

declare module '../../../platform/events/domain-event' {
  interface DomainEventCatalog {
    /**
     * Days became booked: at once (before the deadline), by staff accepting a request, or from the
     * waiting list when a place was freed. For a day already confirmed, the slot replaces the old one.
     */
    'reservations.booking.confirmed.v1': BookingFacts & { unit: 'day' | 'half-day' | 'hourly-slot'; days: BookedDay[]; via: 'immediate' | 'request-accepted' | 'waitlist' };
    /** Booked days were cancelled: at once (before the deadline) or by staff accepting a cancellation request. */
    'reservations.booking.cancelled.v1': BookingFacts & { days: BookedDay[]; via: 'immediate' | 'request-accepted' };
    /** Staff accepted requests (bookings or cancellations made after the deadline). */
    'reservations.request.accepted.v1': BookingFacts & { action: 'book' | 'cancel'; itemIds: string[]; days: string[] };
    /** Staff refused requests; the reason is read with ReservationRequests.outcome(itemId) (public face). */
    'reservations.request.refused.v1': BookingFacts & { action: 'book' | 'cancel'; itemIds: string[]; days: string[] };
    /** Places of a term activity are held while the guardian pays (until holdUntil). */
    'reservations.activity-place.held.v1': { registrationId: string; familyId: string; amountCents: number; holdUntil: string; places: ActivityPlaceFact[] };
    /**
     * The payment was validated: the places are the children's; the sessions are on their planning.
     * `paymentId` is null for a registration with nothing to pay (free groups), confirmed at once.
     */
    'reservations.activity-place.confirmed.v1': { registrationId: string; familyId: string; paymentId: string | null; amountCents: number; places: ActivityPlaceFact[] };
    /**
     * The places were given back: the payment was refused or abandoned, the hold expired, or the
     * payment came after the places were gone (`payment-too-late`: the amount is due back to the family).
     */
    'reservations.activity-place.released.v1': {
      registrationId: string;
      familyId: string;
      reason: 'payment-refused' | 'payment-abandoned' | 'expired' | 'payment-too-late';
      paymentId: string | null;
      amountCents: number;
      places: ActivityPlaceFact[];
    };
    /**
     * A validated payment came for a registration another payment had already confirmed (two
     * payments of the same registration): the places stay as they are, this payment's amount is due
     * back to the family.
     */
    'reservations.activity-payment.declined.v1': {
      registrationId: string;
      familyId: string;
      paymentId: string;
      /** the registration's amount, due back */
      amountCents: number;
      reason: 'already-paid';
      /** the payment that confirmed the registration */
      confirmedBy: string | null;
    };
    /** Staff recorded who was present on a day of a service (billing bills from it). */
    'reservations.attendance.recorded.v1': {
      serviceId: string;
      establishmentId: string;
      day: string;
      entries: { childId: string; familyId: string; status: 'present' | 'absent' | 'excused'; booked: boolean }[];
    };
  }
}

import { frenchDate } from '../../../platform/dates';
import { BookingStatus, ItemStatus } from './booking-plan';

/**
 * Staff decide the requests made after the deadline: bookings ("demandes de réservation") and
 * cancellations ("demandes d'annulation"). Pure: what each decision does to the booking and its
 * place, and why an item can no longer be decided.
 *
 * | request      | accept                                   | refuse                                     |
 * | ------------ | ---------------------------------------- | ------------------------------------------ |
 * | book         | booking confirmed (its place was taken)  | booking refused, place given back          |
 * | cancel       | booking cancelled, place given back      | booking confirmed again (the day stays)    |
 *
 * A place given back goes to the waiting list (application/places.ts).
 */
export type Decision = 'accept' | 'refuse';

export const MAX_REASON_LENGTH = 500;
export const MAX_ITEMS_PER_DECISION = 500;

export interface DecisionEffect {
  item: 'accepted' | 'refused';
  booking: BookingStatus;
  /** the booking's place (or slot steps) is given back */
  releases: boolean;
}

export function effectOf(action: 'book' | 'cancel', decision: Decision): DecisionEffect {
  if (action === 'book') return decision === 'accept' ? { item: 'accepted', booking: 'confirmed', releases: false } : { item: 'refused', booking: 'refused', releases: true };
  return decision === 'accept' ? { item: 'accepted', booking: 'cancelled', releases: true } : { item: 'refused', booking: 'confirmed', releases: false };
}

/** The booking a pending item is waiting on: the request is its last change. */
export const PENDING_BOOKING: Record<'book' | 'cancel', BookingStatus> = { book: 'requested', cancel: 'cancel-requested' };

/**
 * Why an item cannot be decided now (French, for staff), or undefined when it is still pending:
 * its status, and the booking it changed (which must still be waiting on it).
 */
export function notPendingReason(item: { day: string; status: ItemStatus; action: 'book' | 'cancel' }, booking: { status: BookingStatus; itemId: string } | undefined, itemId: string): string | undefined {
  const what = `${item.action === 'book' ? 'La demande de réservation' : 'La demande d’annulation'} du ${frenchDate(item.day)}`;
  switch (item.status) {
    case 'pending':
      if (booking && booking.itemId === itemId && booking.status === PENDING_BOOKING[item.action]) return undefined;
      return `${what} n’est plus en attente.`;
    case 'withdrawn':
      return `${what} a été retirée par la famille.`;
    case 'accepted':
      return `${what} est déjà acceptée.`;
    case 'refused':
      return `${what} est déjà refusée.`;
    case 'waitlisted':
      return `${what} est en liste d’attente : ce n’est pas une demande à décider.`;
  }
}

export const ACTION_LABELS: Record<'book' | 'cancel', string> = { book: 'Demande de réservation', cancel: 'Demande d’annulation' };

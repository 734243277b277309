import { effectOf, notPendingReason } from './request-decision';

describe('deciding requests', () => {
  it('maps each request and decision to the booking and its place', () => {
    expect(effectOf('book', 'accept')).toEqual({ item: 'accepted', booking: 'confirmed', releases: false });
    expect(effectOf('book', 'refuse')).toEqual({ item: 'refused', booking: 'refused', releases: true });
    expect(effectOf('cancel', 'accept')).toEqual({ item: 'accepted', booking: 'cancelled', releases: true });
    expect(effectOf('cancel', 'refuse')).toEqual({ item: 'refused', booking: 'confirmed', releases: false });
  });

  it('says why an item can no longer be decided', () => {
    const item = { day: '2026-11-03', action: 'book' as const };
    const waiting = { status: 'requested' as const, itemId: 'i1' };
    expect(notPendingReason({ ...item, status: 'pending' }, waiting, 'i1')).toBeUndefined();
    expect(notPendingReason({ ...item, status: 'withdrawn' }, waiting, 'i1')).toBe('La demande de réservation du 03/11/2026 a été retirée par la famille.');
    expect(notPendingReason({ ...item, status: 'accepted' }, waiting, 'i1')).toContain('déjà acceptée');
    expect(notPendingReason({ ...item, status: 'refused' }, waiting, 'i1')).toContain('déjà refusée');
    expect(notPendingReason({ ...item, action: 'cancel', status: 'pending' }, { status: 'cancel-requested', itemId: 'i1' }, 'i1')).toBeUndefined();
    // pending, but the booking moved on (another item changed it since): not decidable
    expect(notPendingReason({ ...item, status: 'pending' }, { status: 'requested', itemId: 'i2' }, 'i1')).toContain('n’est plus en attente');
    expect(notPendingReason({ ...item, status: 'pending' }, undefined, 'i1')).toContain('n’est plus en attente');
    expect(notPendingReason({ ...item, action: 'cancel', status: 'pending' }, { status: 'confirmed', itemId: 'i1' }, 'i1')).toContain('d’annulation');
  });
});

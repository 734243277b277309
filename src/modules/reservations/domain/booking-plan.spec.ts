import { CurrentBooking, planBatch, PlanContext, reservationState, stepsOf } from './booking-plan';
import { isoWeekday } from './calendar';
import { Timing } from './deadline';

function context(overrides: Partial<PlanContext> & { timings?: Record<string, Timing>; booked?: CurrentBooking[] } = {}): PlanContext {
  const { timings = {}, booked = [], ...rest } = overrides;
  return {
    period: { startsOn: '2026-09-01', endsOn: '2026-09-30' },
    closed: (day) => ([3, 6, 7].includes(isoWeekday(day)) ? 'Pas d’accueil' : day === '2026-09-11' ? 'Fermeture : Grève' : undefined),
    timing: (day) => timings[day] ?? 'immediate',
    refusal: () => 'Le délai pour ce jour est dépassé.',
    enrolled: () => true,
    current: new Map(booked.map((b) => [b.day, b])),
    ...rest,
  };
}
const booking = (day: string, status: CurrentBooking['status'], itemId = `item-${day}`): CurrentBooking => ({ day, status, slot: null, itemId });

describe('planning a batch', () => {
  it('books the opening days of a weekday pattern, skipping closed and already booked days', () => {
    const plan = planBatch({ book: { weekdays: [1, 5], from: '2026-09-07', to: '2026-09-18' } }, context({ booked: [booking('2026-09-07', 'confirmed')] }));
    expect(plan.errors).toEqual([]);
    expect(plan.items.map((i) => [i.day, i.status, i.next, i.takes])).toEqual([
      ['2026-09-14', 'accepted', 'confirmed', true],
      ['2026-09-18', 'accepted', 'confirmed', true],
    ]);
    expect(plan.skipped).toBe(1);
  });

  it('names each explicit day that cannot be booked, in French', () => {
    const plan = planBatch(
      { book: { dates: ['2026-09-11', '2026-09-09', '2026-10-01', '2026-09-14', '2026-09-14', '2026-09-15'] } },
      context({ timings: { '2026-09-15': 'too-late' }, enrolled: (d) => d !== '2026-09-14' }),
    );
    expect(plan.errors).toEqual([
      { path: 'book.dates[0]', message: '11/09/2026 : Fermeture : Grève' },
      { path: 'book.dates[1]', message: '09/09/2026 : Pas d’accueil' },
      { path: 'book.dates[2]', message: '01/10/2026 : ce jour est en dehors de la période de réservation.' },
      { path: 'book.dates[3]', message: '14/09/2026 : l’enfant n’est pas inscrit à ce service pour cette année scolaire.' },
      { path: 'book.dates[4]', message: '14/09/2026 : ce jour est demandé deux fois.' },
      { path: 'book.dates[5]', message: '15/09/2026 : Le délai pour ce jour est dépassé.' },
    ]);
  });

  it('makes requests after the deadline: a booking holds its place, a cancellation keeps it until staff decide', () => {
    const plan = planBatch(
      { book: { dates: ['2026-09-14'] }, cancel: { dates: ['2026-09-15'] } },
      context({ timings: { '2026-09-14': 'request', '2026-09-15': 'request' }, booked: [booking('2026-09-15', 'confirmed')] }),
    );
    expect(plan.items.map((i) => [i.day, i.action, i.status, i.next, i.takes, i.releases])).toEqual([
      ['2026-09-14', 'book', 'pending', 'requested', true, false],
      ['2026-09-15', 'cancel', 'pending', 'cancel-requested', false, false],
    ]);
  });

  it('lets a guardian take back a pending request or a waiting-list entry at once, whatever the deadline', () => {
    const plan = planBatch(
      { cancel: { dates: ['2026-09-14', '2026-09-15'] }, book: { dates: ['2026-09-17'] } },
      context({
        timings: { '2026-09-14': 'too-late', '2026-09-15': 'too-late', '2026-09-17': 'too-late' },
        booked: [booking('2026-09-14', 'requested', 'r1'), booking('2026-09-15', 'waitlisted', 'w1'), booking('2026-09-17', 'cancel-requested', 'c1')],
      }),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.items.map((i) => [i.day, i.action, i.status, i.next, i.releases, i.withdraws])).toEqual([
      ['2026-09-14', 'cancel', 'accepted', 'cancelled', true, 'r1'],
      ['2026-09-15', 'cancel', 'accepted', 'cancelled', false, 'w1'],
      ['2026-09-17', 'book', 'accepted', 'confirmed', false, 'c1'],
    ]);
  });

  it('refuses to book and cancel the same day, and to cancel a day not booked', () => {
    const plan = planBatch({ book: { dates: ['2026-09-14'] }, cancel: { dates: ['2026-09-14', '2026-09-18'] } }, context());
    expect(plan.errors.map((e) => e.path)).toEqual(['cancel.dates[0]', 'cancel.dates[1]']);
    expect(plan.errors[1].message).toContain('aucune réservation');
  });

  it('changes a slot only before the deadline, moving its time steps', () => {
    const hours = { opensAt: '07:30', closesAt: '18:30', stepMinutes: 30 };
    const booked = [{ day: '2026-09-14', status: 'confirmed' as const, slot: { start: '08:00', end: '12:00' }, itemId: 'i' }];
    const change = planBatch({ slots: [{ date: '2026-09-14', start: '13:00', end: '17:00' }] }, context({ hours, booked }));
    expect(change.items[0]).toMatchObject({ takes: true, releases: true, slot: { start: '13:00', end: '17:00' } });
    const late = planBatch({ slots: [{ date: '2026-09-14', start: '13:00', end: '17:00' }] }, context({ hours, booked, timings: { '2026-09-14': 'request' } }));
    expect(late.errors[0].message).toContain('modifier ce créneau');
    expect(stepsOf({ start: '08:00', end: '09:30' }, 30)).toEqual([16, 17, 18]);
  });

  it('derives the state of a batch from its days', () => {
    const counts = (c: Partial<Record<'accepted' | 'pending' | 'refused' | 'waitlisted' | 'withdrawn', number>>) => ({ accepted: 0, pending: 0, refused: 0, waitlisted: 0, withdrawn: 0, ...c });
    expect(reservationState(counts({ accepted: 3, pending: 1 }))).toBe('requested');
    expect(reservationState(counts({ accepted: 3, refused: 1 }))).toBe('partly-accepted');
    expect(reservationState(counts({ refused: 2 }))).toBe('refused');
    expect(reservationState(counts({ waitlisted: 1, accepted: 1 }))).toBe('waitlisted');
    expect(reservationState(counts({ withdrawn: 2 }))).toBe('withdrawn');
  });
});

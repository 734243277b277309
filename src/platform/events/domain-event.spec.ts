import { versionOf } from './domain-event';

describe('versionOf', () => {
  it('reads the version suffix', () => {
    expect(versionOf('billing.invoice.issued.v1')).toBe(1);
    expect(versionOf('payments.payment.validated.v12')).toBe(12);
    expect(versionOf('reservations.booking-request.accepted.v2')).toBe(2);
  });

  it.each(['billing.invoice.issued', 'billing.invoice-issued.v1', 'Billing.invoice.issued.v1', 'a.b.c.d.v1', 'a:b.c.d.v1'])(
    'refuses %s',
    (type) => expect(() => versionOf(type)).toThrow(/must look like/),
  );
});

import { daysText, documentRejectedItem, euros, invoiceItem, registrationItem, requestDecisionItem } from './feed.templates';

const nbsp = (s: string) => s.replace(/ €/g, '\u00a0€');

describe('feed items in French', () => {
  const invoice = { number: 'REST-2026-000123', totalCents: 6000, dueOn: '2026-12-15', remainingCents: 4200, cancelled: false };

  it('an invoice to pay, with what remains due and the "Payer" action', () => {
    expect(euros(4200)).toBe(nbsp('42,00 €'));
    expect(invoiceItem('inv-1', invoice)).toEqual({
      title: nbsp('Facture n° REST-2026-000123 à payer — restant dû 42,00 €'),
      body: nbsp('Montant de la facture : 60,00 €. Déjà réglé : 18,00 €. À payer avant le 15/12/2026.'),
      reason: null,
      amountCents: 6000,
      remainingCents: 4200,
      action: { type: 'pay', invoiceId: 'inv-1' },
      state: 'open',
    });
    expect(invoiceItem('inv-1', { ...invoice, remainingCents: 6000 }).body).toBe(nbsp('Montant de la facture : 60,00 €. À payer avant le 15/12/2026.'));
  });

  it('paid, cancelled: done, no action', () => {
    expect(invoiceItem('inv-1', { ...invoice, remainingCents: 0 })).toMatchObject({ title: 'Facture n° REST-2026-000123 payée', state: 'done', action: null, remainingCents: 0 });
    expect(invoiceItem('inv-1', { ...invoice, cancelled: true })).toMatchObject({ title: 'Facture n° REST-2026-000123 annulée', state: 'done', action: null });
    // known only from an allocation (the issue not applied yet)
    expect(invoiceItem('inv-1', { number: 'REST-2026-000123', totalCents: null, dueOn: null, remainingCents: 1000, cancelled: false })).toMatchObject({
      title: nbsp('Facture n° REST-2026-000123 à payer — restant dû 10,00 €'),
      body: '',
      state: 'open',
    });
  });

  it('a request decided, with the days and the reason of a refusal', () => {
    const facts = {
      outcome: 'refused' as const,
      action: 'book' as const,
      reservationNumber: 'R2026-000123',
      childFirstName: 'Léo',
      serviceLabel: 'Restauration scolaire',
      establishmentName: 'École Jules Ferry',
      days: [{ date: '2026-11-05', slot: null }, { date: '2026-11-03', slot: null }],
      reason: 'Sortie scolaire ce jour-là.',
    };
    expect(requestDecisionItem(facts)).toEqual({
      title: 'Demande de réservation refusée — R2026-000123',
      body: 'Léo — Restauration scolaire (École Jules Ferry) : mardi 3 novembre 2026, jeudi 5 novembre 2026.',
      reason: 'Sortie scolaire ce jour-là.',
      amountCents: null,
      remainingCents: null,
      action: null,
      state: 'done',
    });
    expect(requestDecisionItem({ ...facts, outcome: 'accepted', action: 'cancel', days: [{ date: '2026-11-03', slot: { start: '08:30', end: '12:00' } }] })).toMatchObject({
      title: 'Demande d’annulation acceptée — R2026-000123',
      body: 'Léo — Restauration scolaire (École Jules Ferry) : mardi 3 novembre 2026 de 08:30 à 12:00. Ce jour n’est plus réservé.',
      reason: null,
    });
    const many = Array.from({ length: 12 }, (_, i) => ({ date: `2026-11-${String(i + 2).padStart(2, '0')}`, slot: null }));
    expect(daysText(many)).toBe('12 jours, du lundi 2 novembre 2026 au vendredi 13 novembre 2026');
  });

  it('a document rejected: the kind and the child, the action to send another', () => {
    expect(documentRejectedItem({ kindCode: 'vaccination', kindLabel: 'Carnet de vaccination', childId: 'c1', childFirstName: 'Inès' })).toMatchObject({
      title: 'Pièce justificative refusée : Carnet de vaccination d’Inès',
      action: { type: 'send-document', kindCode: 'vaccination', childId: 'c1' },
      state: 'open',
      reason: null,
    });
    expect(documentRejectedItem({ kindCode: 'address', kindLabel: 'Justificatif de domicile', childId: null, childFirstName: null }).title).toBe('Pièce justificative refusée : Justificatif de domicile');
  });

  it('a registration confirmed or cancelled, with the reason in French', () => {
    const base = { at: '2026-11-21T14:00:00.000Z', amountCents: 4500, number: 'I2026-000045', label: 'EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo' };
    expect(registrationItem({ ...base, status: 'confirmed', reason: null, paid: true })).toMatchObject({
      title: 'Inscription confirmée — I2026-000045',
      body: nbsp('EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo. Montant réglé : 45,00 €. Les séances sont sur le planning de l’enfant.'),
      state: 'done',
    });
    expect(registrationItem({ ...base, status: 'released', reason: 'payment-refused', paid: false })).toMatchObject({
      title: 'Inscription annulée — I2026-000045',
      body: 'EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo.',
      reason: 'Le paiement a été refusé.',
    });
    expect(registrationItem({ ...base, status: 'released', reason: 'payment-too-late', paid: false }).reason).toBe(
      nbsp('Le paiement est arrivé après la libération des places : 45,00 € vous seront remboursés.'),
    );
  });
});

import { defaultValidUntil, DocumentFacts, fileState, missingProofMessage, proofOf } from './supporting-document';

const at = (iso: string) => new Date(iso);
const sent = (uploadedAt: string): DocumentFacts => ({ status: 'sent', uploadedAt: at(uploadedAt), validUntil: null, rejectionReason: null });
const accepted = (uploadedAt: string, validUntil: string | null): DocumentFacts => ({ status: 'accepted', uploadedAt: at(uploadedAt), validUntil, rejectionReason: null });
const rejected = (uploadedAt: string, reason: string): DocumentFacts => ({ status: 'rejected', uploadedAt: at(uploadedAt), validUntil: null, rejectionReason: reason });

describe('supporting documents: the state of a proof', () => {
  const today = '2026-03-15';

  it('a file accepted is valid through its last day, expired the day after; no date = for good', () => {
    expect(fileState(accepted('2025-03-01T10:00:00Z', '2026-03-15'), today)).toBe('accepted');
    expect(fileState(accepted('2025-03-01T10:00:00Z', '2026-03-14'), today)).toBe('expired');
    expect(fileState(accepted('2020-03-01T10:00:00Z', null), today)).toBe('accepted');
    expect(fileState(sent('2026-03-01T10:00:00Z'), today)).toBe('sent');
    expect(fileState(rejected('2026-03-01T10:00:00Z', 'flou'), today)).toBe('rejected');
  });

  it('is missing when no file was sent', () => {
    expect(proofOf([], today)).toEqual({ state: 'missing', validUntil: null, rejectionReason: null });
  });

  it('is accepted while one file is valid, showing the longest validity, whatever else was sent', () => {
    const files = [accepted('2025-06-01T10:00:00Z', '2026-06-01'), accepted('2025-09-01T10:00:00Z', '2026-09-01'), sent('2026-03-01T10:00:00Z'), rejected('2026-03-02T10:00:00Z', 'flou')];
    expect(proofOf(files, today)).toEqual({ state: 'accepted', validUntil: '2026-09-01', rejectionReason: null });
    expect(proofOf([accepted('2025-06-01T10:00:00Z', '2026-06-01'), accepted('2020-01-01T10:00:00Z', null)], today).validUntil).toBeNull();
  });

  it('is sent while a file awaits review and none is valid', () => {
    expect(proofOf([rejected('2026-03-01T10:00:00Z', 'flou'), sent('2026-03-02T10:00:00Z')], today).state).toBe('sent');
    expect(proofOf([accepted('2025-01-01T10:00:00Z', '2026-01-01'), sent('2026-03-02T10:00:00Z')], today).state).toBe('sent');
  });

  it('else is what staff decided last: rejected with its reason, or expired with its date', () => {
    expect(proofOf([accepted('2025-01-01T10:00:00Z', '2026-01-01'), rejected('2026-02-01T10:00:00Z', 'facture trop ancienne')], today)).toEqual({
      state: 'rejected',
      validUntil: null,
      rejectionReason: 'facture trop ancienne',
    });
    expect(proofOf([rejected('2025-01-01T10:00:00Z', 'flou'), accepted('2025-02-01T10:00:00Z', '2026-02-01')], today)).toEqual({ state: 'expired', validUntil: '2026-02-01', rejectionReason: null });
  });

  it('says what is missing, in French, for the family or a child', () => {
    const label = 'Justificatif de domicile';
    expect(missingProofMessage(label, { state: 'missing', validUntil: null, rejectionReason: null })).toBe('Justificatif de domicile : pièce à fournir.');
    expect(missingProofMessage(label, { state: 'sent', validUntil: null, rejectionReason: null })).toBe('Justificatif de domicile : pièce en attente de validation.');
    expect(missingProofMessage(label, { state: 'rejected', validUntil: null, rejectionReason: 'illisible' })).toBe('Justificatif de domicile : pièce refusée (illisible).');
    expect(missingProofMessage(label, { state: 'expired', validUntil: '2026-08-31', rejectionReason: null })).toBe('Justificatif de domicile : pièce expirée le 31/08/2026.');
    expect(missingProofMessage(label, { state: 'accepted', validUntil: null, rejectionReason: null })).toBeUndefined();
    expect(missingProofMessage('Carnet de vaccination', { state: 'missing', validUntil: null, rejectionReason: null }, 'Léo')).toBe('Carnet de vaccination de Léo : pièce à fournir.');
    expect(missingProofMessage('Carnet de vaccination', { state: 'missing', validUntil: null, rejectionReason: null }, 'Inès')).toBe('Carnet de vaccination d’Inès : pièce à fournir.');
  });

  it('by default, an accepted file is valid for the kind’s months from the review day, or for good', () => {
    expect(defaultValidUntil('2026-03-15', 12)).toBe('2027-03-15');
    expect(defaultValidUntil('2026-03-31', 6)).toBe('2026-09-30');
    expect(defaultValidUntil('2026-03-15', null)).toBeNull();
  });
});

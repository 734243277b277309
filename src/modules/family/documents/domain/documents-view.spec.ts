import { familyDocumentsView, SentFile } from './documents-view';
import type { DocumentKind } from './supporting-document';

const kind = (id: string, level: 'family' | 'child', active = true): DocumentKind => ({ id, code: id, label: id, description: null, level, requiredFor: [], validityMonths: null, active });
const file = (id: string, kindId: string, childId: string | null, over: Partial<SentFile> = {}): SentFile => ({
  id,
  kindId,
  childId,
  fileName: `${id}.pdf`,
  contentType: 'application/pdf',
  size: 10,
  status: 'sent',
  uploadedAt: new Date('2026-03-01T10:00:00Z'),
  reviewedAt: null,
  validUntil: null,
  rejectionReason: null,
  ...over,
});

describe('the documents view of a family', () => {
  const children = [
    { id: 'c1', firstName: 'Léo', lastName: 'Dupont' },
    { id: 'c2', firstName: 'Inès', lastName: 'Dupont' },
  ];

  it('shows family-level kinds once and child-level kinds for each child, each with its own files', () => {
    const view = familyDocumentsView([kind('address', 'family'), kind('vaccines', 'child')], children, [file('f1', 'address', null), file('f2', 'vaccines', 'c2')], '2026-03-15');
    expect(view.family.map((p) => [p.kind.id, p.state, p.files.map((f) => f.id)])).toEqual([['address', 'sent', ['f1']]]);
    expect(view.children.map((c) => [c.childId, c.proofs.map((p) => [p.kind.id, p.state, p.files.map((f) => f.id)])])).toEqual([
      ['c1', [['vaccines', 'missing', []]]],
      ['c2', [['vaccines', 'sent', ['f2']]]],
    ]);
    expect(view.family[0].files[0]).toEqual({ id: 'f1', fileName: 'f1.pdf', contentType: 'application/pdf', size: 10, state: 'sent', uploadedAt: '2026-03-01T10:00:00.000Z', reviewedAt: null, validUntil: null, rejectionReason: null });
  });

  it('shows an inactive kind only where files were sent for it', () => {
    const view = familyDocumentsView([kind('old', 'child', false), kind('older', 'family', false)], children, [file('f1', 'old', 'c1')], '2026-03-15');
    expect(view.family).toEqual([]);
    expect(view.children.map((c) => c.proofs.map((p) => p.kind.id))).toEqual([['old'], []]);
  });
});

import { useRef, useState } from 'preact/hooks';
import { api, get } from '../api';
import { dateTime, day } from '../format';
import { Badge, ErrorNotice, Loading, Notice, PageTitle, useAction, useAsync } from '../ui';

interface SentFile {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  state: 'sent' | 'accepted' | 'rejected' | 'expired';
  uploadedAt: string;
  validUntil: string | null;
  rejectionReason: string | null;
}
interface Proof {
  kind: { id: string; code: string; label: string; description: string | null; level: 'family' | 'child' };
  state: 'missing' | 'sent' | 'accepted' | 'rejected' | 'expired';
  validUntil: string | null;
  rejectionReason: string | null;
  files: SentFile[];
}
interface Documents {
  family: Proof[];
  children: { childId: string; firstName: string; lastName: string; proofs: Proof[] }[];
}

const STATE: Record<Proof['state'], { label: string; tone: 'ok' | 'warn' | 'bad' | 'neutral' | 'info' }> = {
  missing: { label: 'À fournir', tone: 'bad' },
  sent: { label: 'Envoyé, en cours de vérification', tone: 'warn' },
  accepted: { label: 'Accepté', tone: 'ok' },
  rejected: { label: 'Refusé', tone: 'bad' },
  expired: { label: 'Expiré', tone: 'bad' },
};

const FILE_STATE: Record<SentFile['state'], string> = { sent: 'en attente', accepted: 'accepté', rejected: 'refusé', expired: 'expiré' };

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} ko` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`);

/** Seed 002, section 8: the supporting documents asked of the family and of each child; send one. */
export function DocumentsPage() {
  const docs = useAsync(() => get<Documents>('/api/family/documents'), []);
  return (
    <>
      <PageTitle>Pièces justificatives</PageTitle>
      <Loading state={docs}>{(d) => <DocumentsView docs={d} reload={docs.reload} />}</Loading>
    </>
  );
}

function DocumentsView({ docs, reload }: { docs: Documents; reload: () => void }) {
  const targets = [
    ...docs.family.map((p) => ({ key: `${p.kind.id}:`, label: `${p.kind.label} — famille`, kindId: p.kind.id, childId: null as string | null })),
    ...docs.children.flatMap((c) => c.proofs.map((p) => ({ key: `${p.kind.id}:${c.childId}`, label: `${p.kind.label} — ${c.firstName}`, kindId: p.kind.id, childId: c.childId }))),
  ];
  const [target, setTarget] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const action = useAction();
  const chosen = targets.find((t) => t.key === target);
  const send = (ev: Event) => {
    ev.preventDefault();
    if (!chosen || !file) return;
    void action.run(async () => {
      const body = new FormData();
      body.append('kindId', chosen.kindId);
      if (chosen.childId) body.append('childId', chosen.childId);
      body.append('file', file);
      await api('POST', '/api/family/documents', body);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      reload();
      return `Document envoyé : ${chosen.label}. Le service va le vérifier.`;
    });
  };
  const sendFor = (key: string) => {
    setTarget(key);
    form.current?.scrollIntoView({ block: 'start' });
    fileInput.current?.focus();
  };
  const proofList = (proofs: Proof[], childId: string | null) => (
    <ul class="list-plain">
      {proofs.map((p) => {
        const s = STATE[p.state];
        return (
          <li key={p.kind.id}>
            <div class="section-head">
              <strong>{p.kind.label}</strong>
              <Badge tone={s.tone}>
                {s.label}
                {p.state === 'accepted' && p.validUntil ? ` jusqu’au ${day(p.validUntil)}` : ''}
              </Badge>
            </div>
            {p.kind.description && <p class="hint">{p.kind.description}</p>}
            {p.state === 'rejected' && p.rejectionReason && <p class="reason">Motif du refus : {p.rejectionReason}</p>}
            {p.files.length > 0 && (
              <ul>
                {p.files.map((f) => (
                  <li key={f.id}>
                    <a href={`/api/family/documents/${f.id}/file`} download>
                      {f.fileName}
                    </a>{' '}
                    <span class="muted">
                      ({size(f.size)}, envoyé le {dateTime(f.uploadedAt)}, {FILE_STATE[f.state]})
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {p.state !== 'accepted' && p.state !== 'sent' && (
              <button type="button" class="btn-link" onClick={() => sendFor(`${p.kind.id}:${childId ?? ''}`)}>
                Envoyer ce document<span class="sr-only"> : {p.kind.label}</span>
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
  return (
    <>
      <form ref={form} class="card" noValidate onSubmit={send} aria-labelledby="send-title">
        <h2 id="send-title">Envoyer un document</h2>
        <p class="hint">PDF, JPEG ou PNG, 10 Mo au plus.</p>
        {action.done && <Notice kind="success">{action.done}</Notice>}
        <ErrorNotice error={action.error} />
        <div class="field">
          <label for="doc-target">Pièce concernée</label>
          <select id="doc-target" value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
            <option value="">Choisissez la pièce</option>
            {targets.map((t) => (
              <option key={t.key} value={t.key}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div class={`field${action.fields.file ? ' field-invalid' : ''}`}>
          <label for="doc-file">Fichier</label>
          <input
            ref={fileInput}
            id="doc-file"
            type="file"
            accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
            aria-describedby={action.fields.file ? 'doc-file-error' : undefined}
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
          />
          {action.fields.file && (
            <p class="field-error" id="doc-file-error">
              {action.fields.file}
            </p>
          )}
        </div>
        <button type="submit" class="btn btn-primary" disabled={!chosen || !file || action.busy}>
          {action.busy ? 'Envoi…' : 'Envoyer'}
        </button>
      </form>
      <section class="card" aria-labelledby="fam-docs">
        <h2 id="fam-docs">Pour la famille</h2>
        {docs.family.length ? proofList(docs.family, null) : <p class="muted">Aucune pièce demandée.</p>}
      </section>
      {docs.children.map((c) => (
        <section class="card" key={c.childId} aria-labelledby={`docs-${c.childId}`}>
          <h2 id={`docs-${c.childId}`}>
            Pour {c.firstName} {c.lastName}
          </h2>
          {c.proofs.length ? proofList(c.proofs, c.childId) : <p class="muted">Aucune pièce demandée.</p>}
        </section>
      ))}
    </>
  );
}

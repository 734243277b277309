import { get, post } from '../api';
import { dateTime, money } from '../format';
import { Link } from '../router';
import { useSession } from '../session';
import { Badge, Loading, Notice, PageTitle, useAction, useAsync } from '../ui';

export interface FeedItem {
  id: string;
  kind: 'invoice' | 'reservation-request' | 'document-rejected' | 'activity-registration';
  subjectId: string;
  title: string;
  body: string;
  reason: string | null;
  amountCents: number | null;
  remainingCents: number | null;
  action: { type: 'pay'; invoiceId: string } | { type: 'send-document'; kindCode: string; childId: string | null } | null;
  state: 'open' | 'done';
  createdAt: string;
  updatedAt: string;
  unread: boolean;
}

interface FeedPage {
  items: FeedItem[];
  hasMore: boolean;
  unreadCount: number;
  documentsToProvide: { kindCode: string; kindLabel: string; childId: string | null; childFirstName: string | null; state: 'missing' | 'rejected' | 'expired'; message: string }[];
}

const KIND_LABEL: Record<FeedItem['kind'], string> = {
  invoice: 'Facture',
  'reservation-request': 'Réservation',
  'document-rejected': 'Pièce justificative',
  'activity-registration': 'Inscription',
};

function subjectLink(item: FeedItem): string | null {
  switch (item.kind) {
    case 'invoice':
      return `/factures/${item.subjectId}`;
    case 'reservation-request':
      return `/reservations/${item.subjectId}`;
    case 'activity-registration':
      return `/activites`;
    default:
      return '/documents';
  }
}

/** "Accueil": the family's event feed (seed 000), with "Payer" on invoices to pay. */
export function HomePage() {
  const session = useSession();
  const feed = useAsync(() => get<FeedPage>('/api/feed', { limit: 30 }), []);
  const mark = useAction();
  return (
    <>
      <PageTitle title="Accueil">Bonjour {session.me?.displayName}</PageTitle>
      <Loading state={feed}>
        {(page) => (
          <>
            {page.documentsToProvide.length > 0 && (
              <section class="card card-warning" aria-labelledby="docs-title">
                <h2 id="docs-title">Pièces justificatives à fournir</h2>
                <ul>
                  {page.documentsToProvide.map((d) => (
                    <li key={d.kindCode + (d.childId ?? '')}>
                      {d.message}
                      {d.childFirstName ? ` (${d.childFirstName})` : ''}
                    </li>
                  ))}
                </ul>
                <Link class="btn btn-secondary" href="/documents">
                  Envoyer un document
                </Link>
              </section>
            )}
            <section aria-labelledby="feed-title">
              <div class="section-head">
                <h2 id="feed-title">
                  Fil des événements{' '}
                  {page.unreadCount > 0 && (
                    <Badge tone="info">
                      {page.unreadCount} nouveau{page.unreadCount > 1 ? 'x' : ''}
                    </Badge>
                  )}
                </h2>
                {page.unreadCount > 0 && page.items.length > 0 && (
                  <button
                    type="button"
                    class="btn btn-link"
                    disabled={mark.busy}
                    onClick={() =>
                      void mark.run(async () => {
                        await post('/api/feed/read', { until: page.items[0].updatedAt });
                        feed.reload();
                      })
                    }
                  >
                    Tout marquer comme lu
                  </button>
                )}
              </div>
              {page.items.length === 0 && <p>Rien de nouveau pour le moment.</p>}
              <ul class="feed">
                {page.items.map((item) => {
                  const link = subjectLink(item);
                  return (
                    <li key={item.id} class={`feed-item${item.unread ? ' unread' : ''}`}>
                      <article aria-labelledby={`fi-${item.id}`}>
                        <p class="feed-meta">
                          <span>{KIND_LABEL[item.kind]}</span> · <time dateTime={item.updatedAt}>{dateTime(item.updatedAt)}</time>
                          {item.unread && <Badge tone="info">Nouveau</Badge>}
                        </p>
                        <h3 id={`fi-${item.id}`}>{link ? <Link href={link}>{item.title}</Link> : item.title}</h3>
                        <p>{item.body}</p>
                        {item.reason && <p class="reason">Motif : {item.reason}</p>}
                        {item.action?.type === 'pay' && item.state === 'open' && (
                          <p class="feed-action">
                            <span>Restant dû : {money(item.remainingCents)}</span>
                            <Link class="btn btn-primary" href={`/paiement?factures=${item.action.invoiceId}`} aria-label={`Payer : ${item.title}`}>
                              Payer
                            </Link>
                          </p>
                        )}
                        {item.action?.type === 'send-document' && item.state === 'open' && (
                          <p class="feed-action">
                            <Link class="btn btn-secondary" href="/documents">
                              Envoyer un nouveau document
                            </Link>
                          </p>
                        )}
                      </article>
                    </li>
                  );
                })}
              </ul>
              {page.hasMore && <Notice>Les événements plus anciens sont dans « Mes factures » et « Réservations ».</Notice>}
            </section>
          </>
        )}
      </Loading>
    </>
  );
}

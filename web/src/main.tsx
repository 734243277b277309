import type { ComponentType } from 'preact';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { post, setCsrfToken, whenUnauthenticated } from './api';
import { AccountPage, afterLogin, ConfirmEmailPage, ForgotPasswordPage, LoginPage, ResetPasswordPage } from './pages/auth';
import { ActivationConfirmPage, ActivationPage } from './pages/activation';
import { HomePage } from './pages/home';
import { ChildPage, FamilyPage } from './pages/family';
import { DocumentsPage } from './pages/documents';
import { BookingPage, ReservationDetailPage, ReservationsPage } from './pages/reservations';
import { ActivitiesPage } from './pages/activities';
import { InvoiceDetailPage, InvoicesPage } from './pages/invoices';
import { PaymentOutcomePage, PaymentPage, PaymentsPage } from './pages/payments';
import { Link, match, navigate, useLocation } from './router';
import { loadSession, Me, SessionContext, SessionState } from './session';
import { PageTitle } from './ui';

interface Route {
  path: string;
  page: ComponentType<{ params: Record<string, string> }>;
  /** public pages open without a session (login, activation, links of e-mails) */
  public?: boolean;
}

const ROUTES: Route[] = [
  { path: '/connexion', page: LoginPage, public: true },
  { path: '/mot-de-passe/oublie', page: ForgotPasswordPage, public: true },
  { path: '/mot-de-passe/nouveau', page: ResetPasswordPage, public: true },
  { path: '/activation', page: ActivationPage, public: true },
  { path: '/activation/confirmer', page: ActivationConfirmPage, public: true },
  { path: '/adresse/confirmer', page: ConfirmEmailPage, public: true },
  { path: '/', page: HomePage },
  { path: '/compte', page: AccountPage },
  { path: '/famille', page: FamilyPage },
  { path: '/enfants/:childId', page: ChildPage },
  { path: '/documents', page: DocumentsPage },
  { path: '/reservations', page: ReservationsPage },
  { path: '/reservations/nouvelle', page: BookingPage },
  { path: '/reservations/:reservationId', page: ReservationDetailPage },
  { path: '/activites', page: ActivitiesPage },
  { path: '/factures', page: InvoicesPage },
  { path: '/factures/:invoiceId', page: InvoiceDetailPage },
  { path: '/paiement', page: PaymentPage },
  { path: '/paiements', page: PaymentsPage },
  { path: '/paiements/:paymentId', page: PaymentOutcomePage },
];

const NAV = [
  { href: '/', label: 'Accueil' },
  { href: '/famille', label: 'Ma famille' },
  { href: '/documents', label: 'Pièces justificatives' },
  { href: '/reservations', label: 'Réservations' },
  { href: '/activites', label: 'Activités' },
  { href: '/factures', label: 'Factures et paiements' },
  { href: '/compte', label: 'Mon compte' },
];

function NotFound() {
  return (
    <>
      <PageTitle>Page introuvable</PageTitle>
      <p>
        Cette page n’existe pas. <Link href="/">Retour à l’accueil</Link>
      </p>
    </>
  );
}

function Header({ me, onLogout, path }: { me: Me | null; onLogout: () => void; path: string }) {
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  const active = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));
  return (
    <header class="site-header">
      <div class="bar">
        <Link class="brand" href="/">
          <img src="/assets/favicon.svg" alt="" width={28} height={28} />
          <span>Guichet</span>
          <span class="brand-sub">portail famille</span>
        </Link>
        {me && (
          <button type="button" class="menu-toggle" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
            Menu
          </button>
        )}
      </div>
      {me && (
        <nav id="main-nav" class={open ? 'open' : ''} aria-label="Navigation principale">
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={active(n.href) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
            <li>
              <button type="button" class="btn-link logout" onClick={onLogout}>
                Se déconnecter
              </button>
            </li>
          </ul>
        </nav>
      )}
    </header>
  );
}

function App() {
  const loc = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    void loadSession().then(setMe);
    whenUnauthenticated(() => {
      setMe(null);
      setCsrfToken(null);
    });
  }, []);
  const session: SessionState = useMemo(
    () => ({
      me: me ?? null,
      refresh: async () => {
        const m = await loadSession();
        setMe(m);
        return m;
      },
      logout: async () => {
        let providerLogoutUrl: string | undefined;
        try {
          const r = await post<{ providerLogoutUrl?: string } | undefined>('/api/auth/logout');
          providerLogoutUrl = r?.providerLogoutUrl;
        } catch {
          // the session may have ended already
        }
        setCsrfToken(null);
        setMe(null);
        if (providerLogoutUrl) window.location.assign(providerLogoutUrl);
        else navigate('/connexion', { replace: true });
      },
    }),
    [me],
  );

  let route: Route | undefined;
  let params: Record<string, string> = {};
  for (const r of ROUTES) {
    const m = match(r.path, loc.path);
    if (m) {
      route = r;
      params = m;
      break;
    }
  }
  // A page that needs a session, without one: the login page, then back here.
  useEffect(() => {
    if (me === null && route && !route.public) {
      const back = loc.path === '/' ? '' : `?retour=${encodeURIComponent(loc.path + (location.search || ''))}`;
      navigate(`/connexion${back}`, { replace: true });
    }
    // logged in on the login page (just now, or coming back to it): the page asked for, else home
    // (read the address bar itself: the login form may have navigated already since this render)
    if (me && route?.path === '/connexion' && location.pathname === '/connexion') navigate(afterLogin(new URLSearchParams(location.search)), { replace: true });
  }, [me, route, loc.path]);

  if (me === undefined) return <p class="boot">Chargement…</p>;
  const Page = route ? route.page : NotFound;
  const ready = !route || route.public || me;
  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <Header me={me} onLogout={() => void session.logout()} path={loc.path} />
      <main id="contenu" tabIndex={-1}>
        {ready ? <Page key={loc.path} params={params} /> : <p class="boot">Chargement…</p>}
      </main>
      <footer class="site-footer">
        <p>Guichet — portail famille · logiciel libre (AGPL)</p>
      </footer>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);

import { useEffect, useState } from 'preact/hooks';
import { ApiError, post, setCsrfToken } from '../api';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { ErrorNotice, Field, Notice, PageTitle, Submit, useAction } from '../ui';

export const PASSWORD_RULES = 'Au moins 8 caractères, dont une minuscule, une majuscule, un chiffre et un caractère spécial (+-*/&@.!?;:()[]$£,%µ…).';

/** Where to go after logging in: the page asked for (same site only), else the home page. */
export function afterLogin(query: URLSearchParams): string {
  const to = query.get('retour');
  return to && to.startsWith('/') && !to.startsWith('//') ? to : '/';
}

export function LoginPage() {
  const { query } = useLocation();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      const r = await post<{ csrfToken: string }>('/api/auth/login', { email, password });
      setCsrfToken(r.csrfToken);
      await session.refresh();
      navigate(afterLogin(query), { replace: true });
    });
  };
  return (
    <div class="narrow">
      <PageTitle>Connexion à votre espace</PageTitle>
      {query.get('raison') === 'session' && <Notice kind="warning">Votre session a pris fin : veuillez vous reconnecter.</Notice>}
      <section class="card" aria-labelledby="sso-title">
        <h2 id="sso-title">Avec EduConnect</h2>
        <p>Le compte des représentants légaux de l’Éducation nationale.</p>
        <a class="btn btn-educonnect" href="/api/auth/sso/login">
          Se connecter avec EduConnect
        </a>
      </section>
      <form class="card" onSubmit={submit} noValidate aria-labelledby="local-title">
        <h2 id="local-title">Avec votre adresse e-mail</h2>
        <ErrorNotice error={action.error instanceof ApiError && Object.keys(action.fields).length ? null : action.error} />
        <Field label="Adresse e-mail (identifiant)" type="email" autoComplete="username" value={email} onValue={setEmail} error={action.fields.email} required />
        <Field label="Mot de passe" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={action.fields.password} required />
        <Submit busy={action.busy}>Se connecter</Submit>
        <p>
          <Link href="/mot-de-passe/oublie">Mot de passe oublié ?</Link>
        </p>
      </form>
      <section class="card">
        <h2>Première connexion ?</h2>
        <p>Activez votre compte avec le numéro de téléphone portable donné à l’établissement et la date de naissance de vos enfants.</p>
        <Link class="btn btn-secondary" href="/activation">
          Activer mon compte
        </Link>
      </section>
    </div>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const action = useAction();
  return (
    <div class="narrow">
      <PageTitle>Mot de passe oublié</PageTitle>
      <form
        class="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => (await post<{ message: string }>('/api/auth/password/forgot', { email })).message);
        }}
      >
        <p>Indiquez l’adresse e-mail qui vous sert d’identifiant : vous recevrez un lien pour choisir un nouveau mot de passe (valable 1 heure).</p>
        {action.done && <Notice kind="success">{action.done}</Notice>}
        <ErrorNotice error={Object.keys(action.fields).length ? null : action.error} />
        <Field label="Adresse e-mail" type="email" autoComplete="email" value={email} onValue={setEmail} error={action.fields.email} required />
        <Submit busy={action.busy}>Envoyer le lien</Submit>
        <p>
          <Link href="/connexion">Retour à la connexion</Link>
        </p>
      </form>
    </div>
  );
}

/** The link of the lost-password e-mail: /mot-de-passe/nouveau?jeton=… */
export function ResetPasswordPage() {
  const { query } = useLocation();
  const token = query.get('jeton') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const action = useAction();
  return (
    <div class="narrow">
      <PageTitle>Choisir un nouveau mot de passe</PageTitle>
      {action.done ? (
        <Notice kind="success">
          <p>{action.done}</p>
          <p>
            <Link href="/connexion">Se connecter</Link>
          </p>
        </Notice>
      ) : (
        <form
          class="card"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await post('/api/auth/password/reset', { token, newPassword: password, confirmation });
              return 'Votre mot de passe a été changé. Vous pouvez vous connecter.';
            });
          }}
        >
          <ErrorNotice error={action.fields.newPassword || action.fields.confirmation ? null : action.error} />
          <Field label="Nouveau mot de passe" type="password" autoComplete="new-password" hint={PASSWORD_RULES} value={password} onValue={setPassword} error={action.fields.newPassword} required />
          <Field label="Confirmez le nouveau mot de passe" type="password" autoComplete="new-password" value={confirmation} onValue={setConfirmation} error={action.fields.confirmation} required />
          <Submit busy={action.busy}>Enregistrer</Submit>
        </form>
      )}
    </div>
  );
}

/** The link sent to a new login address: /adresse/confirmer?jeton=… */
export function ConfirmEmailPage() {
  const { query } = useLocation();
  const session = useSession();
  const action = useAction();
  useEffect(() => {
    void action.run(async () => {
      await post('/api/auth/email/confirm', { token: query.get('jeton') ?? '' });
      if (session.me) await session.refresh();
      return 'Votre nouvelle adresse e-mail est confirmée : elle est désormais votre identifiant.';
    });
  }, []);
  return (
    <div class="narrow">
      <PageTitle>Confirmation de votre adresse e-mail</PageTitle>
      {action.busy && <p role="status">Confirmation en cours…</p>}
      {action.done && <Notice kind="success">{action.done}</Notice>}
      <ErrorNotice error={action.error} />
      {!action.busy && (
        <p>
          <Link href={session.me ? '/' : '/connexion'}>{session.me ? 'Aller à mon espace' : 'Se connecter'}</Link>
        </p>
      )}
    </div>
  );
}

export function AccountPage() {
  const session = useSession();
  const [newEmail, setNewEmail] = useState('');
  const [emailPassword, setEmailPassword] = useState('');
  const emailAction = useAction();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const passwordAction = useAction();
  return (
    <div class="narrow">
      <PageTitle>Mon compte</PageTitle>
      <section class="card">
        <h2>Identifiant</h2>
        <p>
          Vous vous connectez avec l’adresse <strong>{session.me?.email}</strong>.
        </p>
      </section>
      <form
        class="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void emailAction.run(async () => {
            const r = await post<{ message: string }>('/api/auth/email/change', { newEmail, currentPassword: emailPassword });
            setEmailPassword('');
            return r.message;
          });
        }}
      >
        <h2>Modifier mon adresse e-mail</h2>
        <p>Un lien de confirmation est envoyé à la nouvelle adresse ; votre identifiant reste inchangé tant qu’elle n’est pas confirmée.</p>
        {emailAction.done && <Notice kind="success">{emailAction.done}</Notice>}
        <ErrorNotice error={emailAction.fields.newEmail || emailAction.fields.currentPassword ? null : emailAction.error} />
        <Field label="Nouvelle adresse e-mail" type="email" autoComplete="email" value={newEmail} onValue={setNewEmail} error={emailAction.fields.newEmail} required />
        <Field label="Mot de passe actuel" type="password" autoComplete="current-password" value={emailPassword} onValue={setEmailPassword} error={emailAction.fields.currentPassword} required />
        <Submit busy={emailAction.busy}>Envoyer le lien de confirmation</Submit>
      </form>
      <form
        class="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void passwordAction.run(async () => {
            await post('/api/auth/password/change', { currentPassword: current, newPassword: next, confirmation });
            setCurrent('');
            setNext('');
            setConfirmation('');
            return 'Votre mot de passe a été modifié.';
          });
        }}
      >
        <h2>Modifier mon mot de passe</h2>
        {passwordAction.done && <Notice kind="success">{passwordAction.done}</Notice>}
        <ErrorNotice error={passwordAction.fields.currentPassword || passwordAction.fields.newPassword || passwordAction.fields.confirmation ? null : passwordAction.error} />
        <Field label="Mot de passe actuel" type="password" autoComplete="current-password" value={current} onValue={setCurrent} error={passwordAction.fields.currentPassword} required />
        <Field label="Nouveau mot de passe" type="password" autoComplete="new-password" hint={PASSWORD_RULES} value={next} onValue={setNext} error={passwordAction.fields.newPassword} required />
        <Field label="Confirmez le nouveau mot de passe" type="password" autoComplete="new-password" value={confirmation} onValue={setConfirmation} error={passwordAction.fields.confirmation} required />
        <Submit busy={passwordAction.busy}>Modifier le mot de passe</Submit>
      </form>
    </div>
  );
}

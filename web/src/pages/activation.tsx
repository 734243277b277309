import { useEffect, useState } from 'preact/hooks';
import { post } from '../api';
import { Link, useLocation } from '../router';
import { ErrorNotice, Field, Notice, PageTitle, Submit, useAction } from '../ui';
import { PASSWORD_RULES } from './auth';

interface ChildToConfirm {
  childId: string;
  firstName: string;
  lastName: string;
}

type Step = 'identity' | 'code' | 'children' | 'credentials' | 'sent' | 'linked';

const STEPS: { key: Step; label: string }[] = [
  { key: 'identity', label: 'Identité' },
  { key: 'code', label: 'Code SMS' },
  { key: 'children', label: 'Enfants' },
  { key: 'credentials', label: 'Identifiant' },
  { key: 'sent', label: 'Confirmation' },
];

/** Seeds 001 and 004: name and mobile, SMS code, each child's birth date, login and password, e-mail link. */
export function ActivationPage() {
  const { query } = useLocation();
  const ssoTicket = query.get('sso') ?? undefined;
  const [step, setStep] = useState<Step>('identity');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  const action = useAction();

  const [lastName, setLastName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [children, setChildren] = useState<ChildToConfirm[]>([]);
  const [answers, setAnswers] = useState<Record<string, { yes: boolean | null; birthDate: string }>>({});
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');

  const index = STEPS.findIndex((s) => s.key === step);
  const f = action.fields;
  const generic = (names: string[]) => (names.some((n) => f[n]) ? null : action.error);

  return (
    <div class="narrow">
      <PageTitle title="Activation du compte">Activer mon compte</PageTitle>
      {ssoTicket && step === 'identity' && (
        <Notice>Votre compte EduConnect n’est pas encore relié à Guichet. Activez votre compte une fois : les prochaines fois, « Se connecter avec EduConnect » suffira.</Notice>
      )}
      {step !== 'linked' && (
        <ol class="steps" aria-label="Étapes de l’activation">
          {STEPS.map((s, i) => (
            <li key={s.key} class={i === index ? 'current' : i < index ? 'done' : ''} aria-current={i === index ? 'step' : undefined}>
              {s.label}
            </li>
          ))}
        </ol>
      )}
      {message && step !== 'identity' && <Notice kind="success">{message}</Notice>}

      {step === 'identity' && (
        <form
          class="card"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              const r = await post<{ activationToken: string; message: string }>('/api/auth/activation', { lastName, firstName, mobile, ssoTicket });
              setToken(r.activationToken);
              setMessage(r.message);
              setStep('code');
            });
          }}
        >
          <h2>Je confirme mon identité</h2>
          <p>L’activation est réservée aux représentants légaux connus de l’établissement.</p>
          <ErrorNotice error={generic(['lastName', 'firstName', 'mobile'])} />
          <Field label="Nom" autoComplete="family-name" value={lastName} onValue={setLastName} error={f.lastName} required />
          <Field label="Prénom" autoComplete="given-name" value={firstName} onValue={setFirstName} error={f.firstName} required />
          <Field
            label="N° de téléphone portable"
            type="tel"
            autoComplete="tel"
            hint="Le numéro communiqué à l’école ou à l’établissement. Hors France métropolitaine, indiquez l’indicatif (+262…)."
            value={mobile}
            onValue={setMobile}
            error={f.mobile}
            required
          />
          <Submit busy={action.busy}>Recevoir le code par SMS</Submit>
        </form>
      )}

      {step === 'code' && (
        <form
          class="card"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              const r = await post<{ children: ChildToConfirm[] }>('/api/auth/activation/code', { activationToken: token, code });
              setChildren(r.children);
              setAnswers(Object.fromEntries(r.children.map((c) => [c.childId, { yes: null, birthDate: '' }])));
              setMessage('');
              setStep('children');
            });
          }}
        >
          <h2>J’indique le code d’activation reçu par SMS</h2>
          <p>Le code est valable 30 minutes.</p>
          <ErrorNotice error={generic(['code'])} />
          <Field label="Code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onValue={setCode} error={f.code} required />
          <div class="actions">
            <Submit busy={action.busy}>Continuer</Submit>
            <button
              type="button"
              class="btn btn-link"
              disabled={action.busy}
              onClick={() =>
                void action.run(async () => {
                  const r = await post<{ message: string }>('/api/auth/activation/code/resend', { activationToken: token });
                  setMessage(r.message);
                })
              }
            >
              Renvoyer un code
            </button>
          </div>
        </form>
      )}

      {step === 'children' && (
        <form
          class="card"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              const body = children.map((c) => {
                const a = answers[c.childId];
                return a.yes ? { childId: c.childId, isLegalGuardian: true, birthDate: a.birthDate } : { childId: c.childId, isLegalGuardian: a.yes === false ? false : (null as unknown as boolean) };
              });
              const r = await post<{ email: string; completed: boolean }>('/api/auth/activation/children', { activationToken: token, children: body });
              setEmail(r.email);
              setStep(r.completed ? 'linked' : 'credentials');
            });
          }}
        >
          <h2>Je rattache mes enfants</h2>
          <ErrorNotice error={action.error} />
          {children.map((c, i) => {
            const a = answers[c.childId];
            const set = (patch: Partial<typeof a>) => setAnswers({ ...answers, [c.childId]: { ...a, ...patch } });
            return (
              <fieldset key={c.childId} class="child-answer">
                <legend>
                  Je suis le représentant légal de{' '}
                  <strong>
                    {c.firstName} {c.lastName}
                  </strong>{' '}
                  ?
                </legend>
                <div class="radios">
                  <label>
                    <input type="radio" name={`child-${i}`} checked={a.yes === true} onChange={() => set({ yes: true })} /> Oui
                  </label>
                  <label>
                    <input type="radio" name={`child-${i}`} checked={a.yes === false} onChange={() => set({ yes: false })} /> Non
                  </label>
                </div>
                {a.yes && (
                  <Field
                    label={`Date de naissance de ${c.firstName}`}
                    type="date"
                    value={a.birthDate}
                    onValue={(v) => set({ birthDate: v })}
                    error={f[`children[${i}].birthDate`] ?? f[`children.${i}.birthDate`]}
                    required
                  />
                )}
              </fieldset>
            );
          })}
          <Submit busy={action.busy}>Confirmer</Submit>
        </form>
      )}

      {step === 'credentials' && (
        <form
          class="card"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              const r = await post<{ email: string; message: string }>('/api/auth/activation/credentials', {
                activationToken: token,
                email,
                ...(password || !ssoTicket ? { password, passwordConfirmation: confirmation } : {}),
              });
              setMessage(r.message);
              setStep('sent');
            });
          }}
        >
          <h2>Mon identifiant et mon mot de passe</h2>
          <ErrorNotice error={generic(['email', 'password', 'passwordConfirmation'])} />
          <Field label="Adresse e-mail (votre identifiant)" type="email" autoComplete="email" value={email} onValue={setEmail} error={f.email} required />
          <Field
            label={ssoTicket ? 'Mot de passe (facultatif avec EduConnect)' : 'Je crée mon mot de passe'}
            type="password"
            autoComplete="new-password"
            hint={PASSWORD_RULES}
            value={password}
            onValue={setPassword}
            error={f.password}
            required={!ssoTicket}
          />
          <Field label="Je confirme le mot de passe" type="password" autoComplete="new-password" value={confirmation} onValue={setConfirmation} error={f.passwordConfirmation} required={!ssoTicket} />
          <Submit busy={action.busy}>Terminer</Submit>
        </form>
      )}

      {step === 'sent' && (
        <section class="card">
          <h2>Confirmez votre adresse e-mail</h2>
          <p>Ouvrez le lien envoyé à {email} : votre compte sera alors actif. L’activation doit être terminée dans les 15 jours.</p>
        </section>
      )}
      {step === 'linked' && (
        <Notice kind="success">
          <p>Votre compte EduConnect est maintenant relié à votre compte Guichet ({email}).</p>
          <p>
            <a href="/api/auth/sso/login">Se connecter avec EduConnect</a>
          </p>
        </Notice>
      )}
    </div>
  );
}

/** The link of the activation e-mail: /activation/confirmer?token=… */
export function ActivationConfirmPage() {
  const { query } = useLocation();
  const action = useAction();
  const [linked, setLinked] = useState(false);
  useEffect(() => {
    void action.run(async () => {
      const r = await post<{ message: string; ssoLinked: boolean }>('/api/auth/activation/confirm', { token: query.get('token') ?? '' });
      setLinked(r.ssoLinked);
      return r.message;
    });
  }, []);
  return (
    <div class="narrow">
      <PageTitle>Activation du compte</PageTitle>
      {action.busy && <p role="status">Activation en cours…</p>}
      {action.done && <Notice kind="success">{action.done}</Notice>}
      <ErrorNotice error={action.error} />
      {action.done && (
        <p>
          {linked ? <a href="/api/auth/sso/login">Se connecter avec EduConnect</a> : <Link href="/connexion">Se connecter</Link>}
        </p>
      )}
    </div>
  );
}

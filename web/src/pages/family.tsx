import { useState } from 'preact/hooks';
import { get, patch, post } from '../api';
import { age, dateTime, day } from '../format';
import { PlaceFields } from '../places';
import { Link } from '../router';
import { Badge, Checkbox, ErrorNotice, Field, Loading, Notice, PageTitle, Select, Submit, useAction, useAsync } from '../ui';

export interface Address {
  line1: string;
  line2: string | null;
  postcode: string;
  city: string;
}
interface Phone {
  label: string;
  number: string;
}
interface Pending {
  id: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  requestedAt: string;
}
interface Family {
  id: string;
  reference: string | null;
  guardians: { id: string; lastName: string; firstName: string; email: string; mobile: string; activated: boolean }[];
  children: { id: string; lastName: string; firstName: string; birthDate: string }[];
  file: { address: Address | null; phones: Phone[]; email: string | null; quotient: { value: number; validFrom: string } | null; pending: Pending[] };
}
export interface FormOptions {
  consent: { version: number; text: string };
  relationSuggestions: string[];
  dietKinds: Record<string, string>;
  phoneLabels: string[];
  validatedFields: string[];
  fieldLabels: Record<string, string>;
}

const PHONE_LABELS: Record<string, string> = { mobile: 'Portable', home: 'Domicile', work: 'Travail', other: 'Autre' };

export const formOptions = () => get<FormOptions>('/api/family/form-options');

/** « J'accepte » and the text it refers to: every form of the family file ends with it (seed 002). */
export function Consent({ options, checked, onChange, error }: { options: FormOptions; checked: boolean; onChange: (v: boolean) => void; error?: string }) {
  return (
    <div class="consent">
      <p class="muted">{options.consent.text}</p>
      <Checkbox label="J’accepte" checked={checked} onChange={onChange} error={error} />
    </div>
  );
}

function consentError(fields: Record<string, string>): string | undefined {
  return fields.consent ?? fields['consent.accepted'] ?? fields['consent.version'];
}

/** Seed 002, 4.2: the family's information (address, phones, e-mail), the guardians, the children. */
export function FamilyPage() {
  const data = useAsync(() => Promise.all([get<Family>('/api/family'), formOptions()]), []);
  return (
    <>
      <PageTitle>Ma famille</PageTitle>
      <Loading state={data}>{([family, options]) => <FamilyView family={family} options={options} reload={data.reload} />}</Loading>
    </>
  );
}

function FamilyView({ family, options, reload }: { family: Family; options: FormOptions; reload: () => void }) {
  const f = family.file;
  const [line1, setLine1] = useState(f.address?.line1 ?? '');
  const [line2, setLine2] = useState(f.address?.line2 ?? '');
  const [place, setPlace] = useState({ postcode: f.address?.postcode ?? '', city: f.address?.city ?? '' });
  const [phones, setPhones] = useState<Phone[]>(f.phones.length ? f.phones : [{ label: 'mobile', number: '' }]);
  const [email, setEmail] = useState(f.email ?? '');
  const [accepted, setAccepted] = useState(false);
  const action = useAction();
  const e = action.fields;
  const save = (ev: Event) => {
    ev.preventDefault();
    void action.run(async () => {
      const hasAddress = line1.trim() || place.postcode.trim() || place.city.trim();
      const r = await patch<{ message: string }>('/api/family/file', {
        address: hasAddress ? { line1, line2: line2.trim() || null, postcode: place.postcode, city: place.city } : null,
        phones: phones.filter((p) => p.number.trim()),
        email: email.trim() || null,
        consent: { accepted, version: options.consent.version },
      });
      setAccepted(false);
      reload();
      return r.message;
    });
  };
  return (
    <>
      {action.done && <Notice kind="success">{action.done}</Notice>}
      <div class="grid">
        <section class="card" aria-labelledby="guardians-title">
          <h2 id="guardians-title">Responsables légaux</h2>
          <ul class="list-plain">
            {family.guardians.map((g) => (
              <li key={g.id}>
                <strong>
                  {g.firstName} {g.lastName}
                </strong>
                <br />
                {g.email} · {g.mobile} {g.activated ? <Badge tone="ok">Compte activé</Badge> : <Badge tone="neutral">Compte non activé</Badge>}
              </li>
            ))}
          </ul>
          <p>
            Quotient familial : <strong>{f.quotient ? `${f.quotient.value} € (depuis le ${day(f.quotient.validFrom)})` : 'non renseigné'}</strong>
            <br />
            <span class="muted">Seul le service le modifie, sur justificatif.</span>
          </p>
        </section>
        <section class="card" aria-labelledby="children-title">
          <h2 id="children-title">Mes enfants</h2>
          <ul class="list-plain">
            {family.children.map((c) => (
              <li key={c.id}>
                <Link href={`/enfants/${c.id}`}>
                  {c.firstName} {c.lastName}
                </Link>{' '}
                <span class="muted">
                  né(e) le {day(c.birthDate)} ({age(c.birthDate)} ans)
                </span>
              </li>
            ))}
          </ul>
          <NewChild options={options} onAdded={reload} />
        </section>
      </div>

      <form class="card" noValidate onSubmit={save} aria-labelledby="file-title">
        <h2 id="file-title">Informations de la famille</h2>
        {f.pending.length > 0 && (
          <Notice kind="warning">
            <p>En attente de validation par le service :</p>
            <ul>
              {f.pending.map((p) => (
                <li key={p.id}>
                  {options.fieldLabels[p.field] ?? p.field} : {String(p.newValue ?? '—')} (demandé le {dateTime(p.requestedAt)})
                </li>
              ))}
            </ul>
          </Notice>
        )}
        <ErrorNotice error={action.error} />
        <fieldset>
          <legend>Adresse</legend>
          <Field label="Numéro et rue" autoComplete="address-line1" value={line1} onValue={setLine1} error={e['address.line1']} />
          <Field label="Complément d’adresse (facultatif)" autoComplete="address-line2" value={line2} onValue={setLine2} error={e['address.line2']} />
          <PlaceFields postcode={place.postcode} city={place.city} onChange={setPlace} errors={{ postcode: e['address.postcode'], city: e['address.city'] }} />
        </fieldset>
        <fieldset>
          <legend>Téléphones</legend>
          {phones.map((p, i) => (
            <div class="row" key={i}>
              <Select
                label={`Type du numéro ${i + 1}`}
                value={p.label}
                onValue={(v) => setPhones(phones.map((q, j) => (j === i ? { ...q, label: v } : q)))}
                options={options.phoneLabels.map((l) => ({ value: l, label: PHONE_LABELS[l] ?? l }))}
                error={e[`phones[${i}].label`]}
              />
              <Field label={`Numéro ${i + 1}`} type="tel" autoComplete="tel" value={p.number} onValue={(v) => setPhones(phones.map((q, j) => (j === i ? { ...q, number: v } : q)))} error={e[`phones[${i}].number`]} />
              <div class="actions">
                <button type="button" class="btn-link" onClick={() => setPhones(phones.filter((_, j) => j !== i))}>
                  Retirer le numéro {i + 1}
                </button>
              </div>
            </div>
          ))}
          {e.phones && <p class="field-error">{e.phones}</p>}
          {phones.length < 5 && (
            <button type="button" class="btn btn-secondary" onClick={() => setPhones([...phones, { label: 'home', number: '' }])}>
              Ajouter un numéro
            </button>
          )}
        </fieldset>
        <Field
          label="Adresse e-mail de la famille"
          type="email"
          autoComplete="email"
          hint={options.validatedFields.includes('family.email') ? 'Un changement est validé par le service avant d’être pris en compte.' : undefined}
          value={email}
          onValue={setEmail}
          error={e.email}
        />
        <Consent options={options} checked={accepted} onChange={setAccepted} error={consentError(e)} />
        <Submit busy={action.busy}>Enregistrer les modifications</Submit>
      </form>
      <p>
        <a href="/api/family/export" download>
          Télécharger toutes les données de ma famille (JSON)
        </a>
      </p>
    </>
  );
}

function NewChild({ options, onAdded }: { options: FormOptions; onAdded: () => void }) {
  const [open, setOpen] = useState(false);
  const [lastName, setLastName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [sex, setSex] = useState('');
  const [accepted, setAccepted] = useState(false);
  const action = useAction();
  if (!open)
    return (
      <button type="button" class="btn btn-secondary" onClick={() => setOpen(true)}>
        Ajouter un enfant
      </button>
    );
  return (
    <form
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        void action.run(async () => {
          await post('/api/family/children', { lastName, firstName, birthDate, sex: sex || null, consent: { accepted, version: options.consent.version } });
          setOpen(false);
          onAdded();
        });
      }}
    >
      <h3>Nouvel enfant</h3>
      <ErrorNotice error={action.error} />
      <Field label="Nom" value={lastName} onValue={setLastName} error={action.fields.lastName} required />
      <Field label="Prénom" value={firstName} onValue={setFirstName} error={action.fields.firstName} required />
      <Field label="Date de naissance" type="date" value={birthDate} onValue={setBirthDate} error={action.fields.birthDate} required />
      <SexField value={sex} onValue={setSex} error={action.fields.sex} name="new-child-sex" />
      <Consent options={options} checked={accepted} onChange={setAccepted} error={consentError(action.fields)} />
      <div class="actions">
        <Submit busy={action.busy}>Ajouter</Submit>
        <button type="button" class="btn btn-secondary" onClick={() => setOpen(false)}>
          Annuler
        </button>
      </div>
    </form>
  );
}

export function SexField({ value, onValue, error, name }: { value: string; onValue: (v: string) => void; error?: string; name: string }) {
  return (
    <fieldset aria-describedby={error ? `${name}-error` : undefined}>
      <legend>Sexe</legend>
      <div class="radios">
        <label>
          <input type="radio" name={name} checked={value === 'F'} onChange={() => onValue('F')} /> Fille
        </label>
        <label>
          <input type="radio" name={name} checked={value === 'M'} onChange={() => onValue('M')} /> Garçon
        </label>
      </div>
      {error && (
        <p class="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

export { ChildPage } from './child';

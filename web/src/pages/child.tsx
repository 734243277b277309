import { useState } from 'preact/hooks';
import { get, patch } from '../api';
import { PlaceFields } from '../places';
import { Link } from '../router';
import { Badge, Checkbox, ErrorNotice, Field, Loading, Notice, PageTitle, Select, Submit, TextArea, useAction, useAsync } from '../ui';
import { Address, Consent, FormOptions, formOptions, SexField } from './family';

interface Contact {
  id?: string;
  lastName: string;
  firstName: string;
  relation: string;
  address: Address | null;
  phones: string[];
  emergency: boolean;
  pickup: boolean;
}

interface ChildFile {
  id: string;
  lastName: string;
  firstName: string;
  sex: 'F' | 'M' | null;
  birthDate: string;
  school: string | null;
  className: string | null;
  diet: { kind: string; details: string | null } | null;
  medicalHistory: string | null;
  observations: string | null;
  doctor: { name: string; phone: string | null; city: string | null } | null;
  careplan: { hasPlan: boolean; details: string | null } | null;
  contacts: Contact[];
  authorizations: { code: string; label: string; description: string | null; answer: 'yes' | 'no' | 'not-applicable' | null }[];
  pending: { id: string; field: string; newValue: unknown }[];
}

const ANSWERS: { value: 'yes' | 'no' | 'not-applicable'; label: string }[] = [
  { value: 'yes', label: 'Oui' },
  { value: 'no', label: 'Non' },
  { value: 'not-applicable', label: 'Non concerné' },
];

/** Seed 002, 5.1: the child form, block by block, validated with « J'accepte ». */
export function ChildPage({ params }: { params: Record<string, string> }) {
  const data = useAsync(() => Promise.all([get<ChildFile>(`/api/family/children/${params.childId}`), formOptions()]), [params.childId]);
  return (
    <Loading state={data}>
      {([child, options]) => (
        <>
          <p>
            <Link href="/famille">← Ma famille</Link>
          </p>
          <PageTitle title={`Fiche de ${child.firstName}`}>
            Fiche enfant : {child.firstName} {child.lastName}
          </PageTitle>
          <ChildForm key={child.id} child={child} options={options} reload={data.reload} />
        </>
      )}
    </Loading>
  );
}

function ChildForm({ child, options, reload }: { child: ChildFile; options: FormOptions; reload: () => void }) {
  const [lastName, setLastName] = useState(child.lastName);
  const [firstName, setFirstName] = useState(child.firstName);
  const [sex, setSex] = useState<string>(child.sex ?? '');
  const [birthDate, setBirthDate] = useState(child.birthDate);
  const [school, setSchool] = useState(child.school ?? '');
  const [className, setClassName] = useState(child.className ?? '');
  const [dietKind, setDietKind] = useState(child.diet?.kind ?? '');
  const [dietDetails, setDietDetails] = useState(child.diet?.details ?? '');
  const [medicalHistory, setMedicalHistory] = useState(child.medicalHistory ?? '');
  const [observations, setObservations] = useState(child.observations ?? '');
  const [doctorName, setDoctorName] = useState(child.doctor?.name ?? '');
  const [doctorPhone, setDoctorPhone] = useState(child.doctor?.phone ?? '');
  const [doctorCity, setDoctorCity] = useState(child.doctor?.city ?? '');
  const [hasPlan, setHasPlan] = useState<boolean | null>(child.careplan ? child.careplan.hasPlan : null);
  const [planDetails, setPlanDetails] = useState(child.careplan?.details ?? '');
  const [contacts, setContacts] = useState<Contact[]>(child.contacts);
  const [answers, setAnswers] = useState<Record<string, string>>(Object.fromEntries(child.authorizations.filter((a) => a.answer).map((a) => [a.code, a.answer!])));
  const [accepted, setAccepted] = useState(false);
  const action = useAction();
  const e = action.fields;

  const submit = (ev: Event) => {
    ev.preventDefault();
    void action.run(async () => {
      const r = await patch<{ message: string }>(`/api/family/children/${child.id}`, {
        lastName,
        firstName,
        sex: sex || null,
        birthDate,
        school: school.trim() || null,
        className: className.trim() || null,
        diet: dietKind ? { kind: dietKind, details: dietDetails.trim() || null } : null,
        medicalHistory: medicalHistory.trim() || null,
        observations: observations.trim() || null,
        doctor: doctorName.trim() || doctorPhone.trim() || doctorCity.trim() ? { name: doctorName, phone: doctorPhone.trim() || null, city: doctorCity.trim() || null } : null,
        careplan: hasPlan === null ? null : { hasPlan, details: hasPlan ? planDetails.trim() || null : null },
        contacts,
        authorizations: answers,
        consent: { accepted, version: options.consent.version },
      });
      setAccepted(false);
      reload();
      return r.message;
    });
  };

  return (
    <form noValidate onSubmit={submit}>
      {action.done && <Notice kind="success">{action.done}</Notice>}
      {child.pending.length > 0 && <Notice kind="warning">Des modifications attendent la validation du service : elles s’appliqueront après son accord.</Notice>}
      <ErrorNotice error={action.error} />

      <section class="card" aria-labelledby="b-info">
        <h2 id="b-info">Information enfant</h2>
        <div class="row">
          <Field label="Nom" value={lastName} onValue={setLastName} error={e.lastName} required />
          <Field label="Prénom" value={firstName} onValue={setFirstName} error={e.firstName} required />
        </div>
        <SexField value={sex} onValue={setSex} error={e.sex} name="child-sex" />
        <div class="row">
          <Field label="Date de naissance" type="date" value={birthDate} onValue={setBirthDate} error={e.birthDate} required />
          <Field label="École" value={school} onValue={setSchool} error={e.school} />
          <Field label="Classe" value={className} onValue={setClassName} error={e.className} />
        </div>
      </section>

      <section class="card" aria-labelledby="b-diet">
        <h2 id="b-diet">Régime alimentaire spécifique</h2>
        <Select label="Régime" value={dietKind} onValue={setDietKind} placeholder="Non renseigné" options={Object.entries(options.dietKinds).map(([value, label]) => ({ value, label }))} error={e['diet.kind']} />
        {dietKind && dietKind !== 'none' && <TextArea label="Précisions (aliments à éviter, allergies)" value={dietDetails} onValue={setDietDetails} error={e['diet.details']} />}
      </section>

      <section class="card" aria-labelledby="b-medical">
        <h2 id="b-medical">Renseignements médicaux</h2>
        <TextArea label="Antécédents médicaux" value={medicalHistory} onValue={setMedicalHistory} error={e.medicalHistory} />
        <TextArea label="Observations" hint="Port de lunettes, appareil dentaire, difficultés de sommeil…" value={observations} onValue={setObservations} error={e.observations} />
        <fieldset>
          <legend>Médecin traitant</legend>
          <div class="row">
            <Field label="Nom du médecin" value={doctorName} onValue={setDoctorName} error={e['doctor.name']} />
            <Field label="Téléphone du médecin" type="tel" value={doctorPhone} onValue={setDoctorPhone} error={e['doctor.phone']} />
            <Field label="Ville du médecin" value={doctorCity} onValue={setDoctorCity} error={e['doctor.city']} />
          </div>
        </fieldset>
        <fieldset aria-describedby={e['careplan.details'] || e.careplan ? 'pai-error' : undefined}>
          <legend>Projet d’accueil individualisé (PAI)</legend>
          <div class="radios">
            <label>
              <input type="radio" name="pai" checked={hasPlan === true} onChange={() => setHasPlan(true)} /> Oui
            </label>
            <label>
              <input type="radio" name="pai" checked={hasPlan === false} onChange={() => setHasPlan(false)} /> Non
            </label>
          </div>
          {hasPlan && <TextArea label="Détails du PAI" value={planDetails} onValue={setPlanDetails} error={e['careplan.details']} />}
          {e.careplan && (
            <p class="field-error" id="pai-error">
              {e.careplan}
            </p>
          )}
        </fieldset>
      </section>

      <Contacts contacts={contacts} onChange={setContacts} options={options} errors={e} />

      <section class="card" aria-labelledby="b-auth">
        <h2 id="b-auth">Autorisations</h2>
        {child.authorizations.map((a) => (
          <fieldset key={a.code}>
            <legend>{a.label}</legend>
            {a.description && <p class="hint">{a.description}</p>}
            <div class="radios">
              {ANSWERS.map((o) => (
                <label key={o.value}>
                  <input type="radio" name={`auth-${a.code}`} checked={answers[a.code] === o.value} onChange={() => setAnswers({ ...answers, [a.code]: o.value })} /> {o.label}
                </label>
              ))}
            </div>
            {e[`authorizations.${a.code}`] && <p class="field-error">{e[`authorizations.${a.code}`]}</p>}
          </fieldset>
        ))}
      </section>

      <section class="card">
        <Consent options={options} checked={accepted} onChange={setAccepted} error={e.consent ?? e['consent.accepted'] ?? e['consent.version']} />
        <Submit busy={action.busy}>Valider la fiche enfant</Submit>
      </section>
    </form>
  );
}

const emptyContact = (flags: { emergency: boolean; pickup: boolean }): Contact => ({ lastName: '', firstName: '', relation: '', address: null, phones: [''], ...flags });

/** Emergency contacts and authorized pick-up persons: one list, each person ticked for one role or both. */
function Contacts({ contacts, onChange, options, errors }: { contacts: Contact[]; onChange: (c: Contact[]) => void; options: FormOptions; errors: Record<string, string> }) {
  const [editing, setEditing] = useState<{ index: number; contact: Contact; role: 'emergency' | 'pickup' } | null>(null);
  const [removing, setRemoving] = useState<{ index: number; role: 'emergency' | 'pickup' } | null>(null);
  const name = (c: Contact) => `${c.firstName} ${c.lastName}`.trim();
  const saveEdit = (c: Contact) => {
    if (editing!.index < 0) onChange([...contacts, c]);
    else onChange(contacts.map((x, i) => (i === editing!.index ? c : x)));
    setEditing(null);
  };
  const remove = (index: number, role: 'emergency' | 'pickup') => {
    const c = contacts[index];
    const other = role === 'emergency' ? c.pickup : c.emergency;
    onChange(other ? contacts.map((x, i) => (i === index ? { ...x, [role]: false } : x)) : contacts.filter((_, i) => i !== index));
    setRemoving(null);
  };
  const errorsOf = (i: number) => Object.entries(errors).filter(([k]) => k === `contacts[${i}]` || k.startsWith(`contacts[${i}].`));
  const section = (role: 'emergency' | 'pickup', title: string, addLabel: string) => (
    <section class="card" aria-labelledby={`b-${role}`}>
      <h2 id={`b-${role}`}>{title}</h2>
      {errors.contacts && <p class="field-error">{errors.contacts}</p>}
      <ul class="list-plain">
        {contacts.map((c, i) =>
          c[role] ? (
            <li key={c.id ?? `new-${i}`}>
              <strong>{name(c)}</strong> <span class="muted">({c.relation})</span> — {c.phones.filter(Boolean).join(', ')}
              {c.emergency && c.pickup && (
                <>
                  {' '}
                  <Badge tone="info">{role === 'emergency' ? 'Peut aussi venir chercher l’enfant' : 'Aussi à contacter en cas d’urgence'}</Badge>
                </>
              )}
              {errorsOf(i).map(([k, m]) => (
                <p class="field-error" key={k}>
                  {m}
                </p>
              ))}
              <div class="actions">
                <button type="button" class="btn-link" onClick={() => setEditing({ index: i, role, contact: { ...c, phones: c.phones.length ? [...c.phones] : [''] } })}>
                  Modifier<span class="sr-only"> {name(c)}</span>
                </button>
                {removing?.index === i && removing.role === role ? (
                  <span role="group" aria-label="Confirmer la suppression">
                    Supprimer {name(c)} ?{' '}
                    <button type="button" class="btn btn-danger" onClick={() => remove(i, role)}>
                      Confirmer la suppression
                    </button>{' '}
                    <button type="button" class="btn-link" onClick={() => setRemoving(null)}>
                      Annuler
                    </button>
                  </span>
                ) : (
                  <button type="button" class="btn-link" onClick={() => setRemoving({ index: i, role })}>
                    Supprimer<span class="sr-only"> {name(c)}</span>
                  </button>
                )}
              </div>
            </li>
          ) : null,
        )}
      </ul>
      {contacts.every((c) => !c[role]) && <p class="muted">Personne pour le moment.</p>}
      {role === 'pickup' && contacts.some((c) => !c.pickup) && (
        <fieldset>
          <legend>Choisir parmi les personnes à contacter en cas d’urgence</legend>
          {contacts.map((c, i) =>
            !c.pickup ? (
              <button key={c.id ?? `p-${i}`} type="button" class="btn btn-secondary" onClick={() => onChange(contacts.map((x, j) => (j === i ? { ...x, pickup: true } : x)))}>
                Autoriser {name(c)}
              </button>
            ) : null,
          )}
        </fieldset>
      )}
      {editing?.role === role && (
        <ContactForm key={editing.index} contact={editing.contact} options={options} onSave={saveEdit} onCancel={() => setEditing(null)} />
      )}
      {!editing && (
        <button type="button" class="btn btn-secondary" onClick={() => setEditing({ index: -1, role, contact: emptyContact({ emergency: role === 'emergency', pickup: role === 'pickup' }) })}>
          {addLabel}
        </button>
      )}
    </section>
  );
  return (
    <>
      {section('emergency', 'Les personnes à contacter en cas d’urgence', 'Ajouter une personne à contacter')}
      {section('pickup', 'Les personnes autorisées à venir chercher l’enfant', 'Ajouter une personne autorisée')}
      {contacts.length > 0 && <p class="muted">Les personnes ajoutées, modifiées ou supprimées sont enregistrées quand vous validez la fiche enfant.</p>}
    </>
  );
}

function ContactForm({ contact, options, onSave, onCancel }: { contact: Contact; options: FormOptions; onSave: (c: Contact) => void; onCancel: () => void }) {
  const [c, setC] = useState<Contact>(contact);
  const [line1, setLine1] = useState(contact.address?.line1 ?? '');
  const [place, setPlace] = useState({ postcode: contact.address?.postcode ?? '', city: contact.address?.city ?? '' });
  const [missing, setMissing] = useState<Record<string, string>>({});
  const set = (p: Partial<Contact>) => setC({ ...c, ...p });
  const save = () => {
    const m: Record<string, string> = {};
    if (!c.lastName.trim()) m.lastName = 'Le nom est obligatoire.';
    if (!c.firstName.trim()) m.firstName = 'Le prénom est obligatoire.';
    if (!c.relation.trim()) m.relation = 'Le lien avec l’enfant est obligatoire.';
    if (!c.phones.some((p) => p.trim())) m.phone0 = 'Au moins un numéro de téléphone.';
    setMissing(m);
    if (Object.keys(m).length) return;
    const hasAddress = line1.trim() || place.postcode.trim() || place.city.trim();
    onSave({ ...c, phones: c.phones.map((p) => p.trim()).filter(Boolean), address: hasAddress ? { line1, line2: null, postcode: place.postcode, city: place.city } : null });
  };
  return (
    <div class="card" role="group" aria-label={contact.id ? 'Modifier la personne' : 'Nouvelle personne'}>
      <h3>{contact.id || contact.lastName ? `Modifier ${contact.firstName} ${contact.lastName}` : 'Nouvelle personne'}</h3>
      <div class="row">
        <Field label="Nom de la personne" value={c.lastName} onValue={(v) => set({ lastName: v })} error={missing.lastName} required />
        <Field label="Prénom de la personne" value={c.firstName} onValue={(v) => set({ firstName: v })} error={missing.firstName} required />
      </div>
      <Field label="Lien avec l’enfant" value={c.relation} onValue={(v) => set({ relation: v })} error={missing.relation} extra={{ list: 'relations' }} required hint="Choisissez dans la liste ou saisissez le lien." />
      <datalist id="relations">
        {options.relationSuggestions.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <Field label="Adresse (numéro et rue)" value={line1} onValue={setLine1} />
      <PlaceFields postcode={place.postcode} city={place.city} onChange={setPlace} />
      <div class="row">
        <Field label="Téléphone 1" type="tel" value={c.phones[0] ?? ''} onValue={(v) => set({ phones: [v, c.phones[1] ?? ''] })} error={missing.phone0} required />
        <Field label="Téléphone 2 (facultatif)" type="tel" value={c.phones[1] ?? ''} onValue={(v) => set({ phones: [c.phones[0] ?? '', v] })} />
      </div>
      <Checkbox label="À contacter en cas d’urgence" checked={c.emergency} onChange={(v) => set({ emergency: v })} />
      <Checkbox label="Autorisée à venir chercher l’enfant" checked={c.pickup} onChange={(v) => set({ pickup: v })} />
      <div class="actions">
        <button type="button" class="btn btn-primary" onClick={save}>
          Enregistrer la personne
        </button>
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </div>
  );
}


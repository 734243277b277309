/**
 * Local PayFiP simulator: the stand-in for the public treasury's payment platform (PayFiP Régie
 * web service, ../shared/design/PAYFIP.md). Guichet starts it
 * (src/modules/payments/infrastructure/payfip/payfip-simulator.ts) when PAYFIP_URL is not set,
 * outside production; it can also run on its own:
 *
 *   node dev/payfip-simulator/server.mjs      → base URL http://127.0.0.1:3200/tpa
 *
 * It speaks what the real platform speaks, under the same paths:
 *   POST <base>/services/securite          SOAP 1.1: creerPaiementSecurise, recupererDetailPaiementSecurise
 *   GET  <base>/services/securite?wsdl     the WSDL Guichet ships (its address pointing here)
 *   GET  <base>/paiementws.web?idop=…      the payment page: « Payer par carte », « Carte refusée », « Abandonner »
 * and behaves like it: before a choice the details answer the functional error P5, an unknown idOp
 * P1; creating checks the fields and answers functional errors; an idOp is used once and expires
 * after 15 minutes. A choice records the result (P with an authorisation number, R or A; dattrans
 * and heurtrans on the Paris clock), POSTs `idOp=<id>` (form-urlencoded) to urlnotif server to
 * server, and sends the browser back to urlredirect with an auto-submitted POST form carrying `idOp`.
 *
 * Plain JavaScript and an ES module, its own Node process: nothing of Guichet imports it.
 *
 * Environment (all optional):
 *   PAYFIP_SIM_PORT=3200        port on 127.0.0.1 (0 = any free port)
 *   PAYFIP_SIM_FAULTS=true      tests only: enables the control API under /__control (see below)
 *   PAYFIP_SIM_IDOP_TTL_S=900   how long an idOp can be paid after its creation
 *
 * Control API (only with PAYFIP_SIM_FAULTS=true; JSON in, JSON out):
 *   POST /__control             set behaviours (merged with the current ones; answers them all):
 *        notifyCount      how many notifications a choice sends (default 1; 0 never, 2 twice)
 *        notifyDelayMs    wait this long before notifying (default 0)
 *        pendingCalls     the next N detail calls answer P5, even after a choice
 *        pendingForMs     detail calls answer P5 for this long from now, even after a choice
 *        techErrorCalls   the next N SOAP calls fail with a Tech…Erreur fault (techErrorKind, default
 *                         TechIndisponibiliteErreur)
 *        http503Calls     the next N SOAP calls answer HTTP 503 (no SOAP body)
 *        functionalErrorCalls, functionalErrorCode   the next N SOAP calls fail with a FonctionnelleErreur
 *                         of that code (default SIM-REFUS; P1 / P5 work too)
 *        slowCalls, slowMs   the next N SOAP calls wait slowMs before answering
 *        detailsOverride  {montant?, refdet?} returned by the detail calls instead of the real ones (null: off)
 *   POST /__control/choose {idOp, result: P|V|R|Z|A}   what the payment page's buttons do, without a
 *        browser: records the result, notifies; answers the operation and the browser return {url, idOp}
 *   POST /__control/notify {idOp}   sends one more notification for the operation now (awaited)
 *   GET  /__control/operations      every operation created, oldest first (fields, result, notifications)
 *   GET  /__control/operations/<idOp>
 *   POST /__control/expire {idOp}   the operation is now older than its lifetime (no choice possible)
 *   POST /__control/reset           forgets the operations and the behaviours
 *
 * On start it prints one JSON line on stdout: {"ready":true,"url":"http://127.0.0.1:<port>/tpa"}
 * (or {"ready":false,"code":"EADDRINUSE",...} and exits 1). Started with an IPC channel (by Guichet),
 * it exits when its parent goes away.
 */
import { Buffer } from 'node:buffer';
import { setTimeout } from 'node:timers';
import console from 'node:console';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL, URLSearchParams } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const { fetch, AbortSignal } = globalThis;
const env = (name, fallback) => (process.env[name] ?? '').trim() || fallback;
const port = Number(env('PAYFIP_SIM_PORT', '3200'));
const faultsEnabled = env('PAYFIP_SIM_FAULTS', 'false') === 'true';
const idopTtlMs = Number(env('PAYFIP_SIM_IDOP_TTL_S', '900')) * 1000;

const BASE = '/tpa';
const SOAP_PATH = `${BASE}/services/securite`;
const PAGE_PATH = `${BASE}/paiementws.web`;
const NS = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';
const WSDL_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'modules', 'payments', 'infrastructure', 'payfip', 'PaiementSecuriseService.wsdl');
const MAX_BODY = 64 * 1024;
const NOTIFY_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// State

/** idOp → { idOp, fields, createdAt, result?: {resultrans, numauto, dattrans, heurtrans, at}, notifications: [] } */
const operations = new Map();
const DEFAULT_BEHAVIOUR = {
  notifyCount: 1,
  notifyDelayMs: 0,
  pendingCalls: 0,
  pendingUntil: 0,
  techErrorCalls: 0,
  techErrorKind: 'TechIndisponibiliteErreur',
  http503Calls: 0,
  functionalErrorCalls: 0,
  functionalErrorCode: 'SIM-REFUS',
  slowCalls: 0,
  slowMs: 0,
  detailsOverride: null,
};
let behaviour = { ...DEFAULT_BEHAVIOUR };
let baseUrl = '';

/** PayFiP idOps are opaque tokens; ours: 32 hex characters. */
const newIdOp = () => randomBytes(16).toString('hex');

/** dattrans DDMMYYYY and heurtrans HHMM on the Paris clock, like PayFiP. */
function parisStamp(date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return { dattrans: `${parts.day}${parts.month}${parts.year}`, heurtrans: `${parts.hour}${parts.minute}` };
}

// ---------------------------------------------------------------------------------------------
// SOAP

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const envelope = (body) =>
  `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;

const fields = (obj) => Object.entries(obj).map(([k, v]) => `<${k}>${esc(v)}</${k}>`).join('');

/** A fault like PayFiP's: faultstring names the Java exception, the detail carries the error's fields. */
function faultXml(kind, code, libelle, descriptif, severite = 2) {
  return envelope(
    `<soap:Fault><faultcode>soap:Server</faultcode><faultstring>fr.gouv.finances.cp.tpa.webservice.exceptions.${kind}</faultstring>` +
      `<detail><ns1:${kind} xmlns:ns1="${NS}">${fields({ code, descriptif, libelle, severite })}</ns1:${kind}></detail></soap:Fault>`,
  );
}

class SoapFault {
  constructor(kind, code, libelle, descriptif) {
    Object.assign(this, { kind, code, libelle, descriptif });
  }
}
const functional = (code, libelle, descriptif = libelle) => new SoapFault('FonctionnelleErreur', code, libelle, descriptif);

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true });

/** The operation element of the body and its `arg0`, whatever the prefixes. */
function readSoapRequest(xml) {
  let doc;
  try {
    doc = parser.parse(xml);
  } catch {
    return undefined;
  }
  const body = doc?.Envelope?.Body;
  if (!body || typeof body !== 'object') return undefined;
  const [operation] = Object.keys(body);
  const call = body[operation];
  const arg0 = call && typeof call === 'object' && call.arg0 && typeof call.arg0 === 'object' ? call.arg0 : {};
  const values = Object.fromEntries(Object.entries(arg0).map(([k, v]) => [k, typeof v === 'object' ? '' : String(v)]));
  return { operation, arg0: values };
}

const absoluteUrl = (s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** creerPaiementSecurise: the checks PayFiP makes (codes other than P1/P5 are the simulator's own). */
function create(arg0) {
  const f = { exer: '', mel: '', montant: '', numcli: '', objet: '', refdet: '', saisie: '', urlnotif: '', urlredirect: '', ...arg0 };
  const bad = (field, libelle) => functional(`SIM-${field.toUpperCase()}`, libelle, `Le paramètre ${field} est invalide : ${libelle}`);
  if (!/^\d{6}$/.test(f.numcli)) throw bad('numcli', 'numéro de client (6 chiffres) invalide');
  if (!/^\d{4}$/.test(f.exer)) throw bad('exer', 'exercice (année) invalide');
  if (!/^[A-Za-z0-9]{1,30}$/.test(f.refdet)) throw bad('refdet', 'référence de la dette invalide');
  if (!/^\d+$/.test(f.montant) || Number(f.montant) < 100 || Number(f.montant) > 10_000_000) throw bad('montant', 'montant invalide (en centimes, de 100 à 10000000)');
  if (f.objet.length > 100 || !/^[A-Za-z0-9 ]*$/.test(f.objet)) throw bad('objet', 'objet invalide');
  if (f.mel.length < 6 || f.mel.length > 80 || !f.mel.includes('@')) throw bad('mel', 'adresse électronique invalide');
  if (!['T', 'X', 'W'].includes(f.saisie)) throw bad('saisie', 'type de saisie invalide');
  if (!absoluteUrl(f.urlnotif)) throw bad('urlnotif', 'URL de notification invalide');
  if (!absoluteUrl(f.urlredirect)) throw bad('urlredirect', 'URL de redirection invalide');
  const idOp = newIdOp();
  operations.set(idOp, { idOp, fields: f, createdAt: new Date(), result: null, notifications: [] });
  return envelope(`<ns1:creerPaiementSecuriseResponse xmlns:ns1="${NS}"><return>${fields({ idOp })}</return></ns1:creerPaiementSecuriseResponse>`);
}

/** recupererDetailPaiementSecurise: P1 unknown, P5 no result yet, else the result. */
function details(arg0) {
  const op = operations.get(arg0.idOp ?? '');
  if (!op) throw functional('P1', 'IdOp incorrect', "L'identifiant de l'opération est inconnu.");
  const forcedPending = behaviour.pendingCalls > 0 || Date.now() < behaviour.pendingUntil;
  if (behaviour.pendingCalls > 0) behaviour.pendingCalls -= 1;
  if (!op.result || forcedPending) throw functional('P5', 'Résultat de la transaction non connu', "La transaction n'a pas encore de résultat.");
  const f = op.fields;
  const r = op.result;
  const override = behaviour.detailsOverride ?? {};
  return envelope(
    `<ns1:recupererDetailPaiementSecuriseResponse xmlns:ns1="${NS}"><return>${fields({
      dattrans: r.dattrans,
      exer: f.exer,
      heurtrans: r.heurtrans,
      idOp: op.idOp,
      mel: f.mel,
      montant: override.montant ?? f.montant,
      numauto: r.numauto,
      numcli: f.numcli,
      objet: f.objet,
      refdet: override.refdet ?? f.refdet,
      resultrans: r.resultrans,
      saisie: f.saisie,
    })}</return></ns1:recupererDetailPaiementSecuriseResponse>`,
  );
}

async function soap(req, res) {
  const xml = (await readBody(req)).toString('utf8');
  if (behaviour.slowCalls > 0) {
    behaviour.slowCalls -= 1;
    await new Promise((r) => setTimeout(r, behaviour.slowMs));
  }
  if (behaviour.http503Calls > 0) {
    behaviour.http503Calls -= 1;
    return send(res, 503, 'Service Unavailable', 'text/plain; charset=utf-8');
  }
  const call = readSoapRequest(xml);
  try {
    if (behaviour.techErrorCalls > 0) {
      behaviour.techErrorCalls -= 1;
      throw new SoapFault(behaviour.techErrorKind, 'T1', 'Service momentanément indisponible', 'Le service de paiement est momentanément indisponible (simulateur).');
    }
    if (behaviour.functionalErrorCalls > 0) {
      behaviour.functionalErrorCalls -= 1;
      throw functional(behaviour.functionalErrorCode, 'Demande refusée (simulateur)', 'La plateforme a refusé la demande (erreur fonctionnelle demandée au simulateur).');
    }
    if (!call) throw new SoapFault('TechProtocolaireErreur', 'T2', 'Requête SOAP illisible', "Le message reçu n'est pas une enveloppe SOAP 1.1.");
    if (call.operation === 'creerPaiementSecurise') return send(res, 200, create(call.arg0), 'text/xml; charset=utf-8');
    if (call.operation === 'recupererDetailPaiementSecurise') return send(res, 200, details(call.arg0), 'text/xml; charset=utf-8');
    throw new SoapFault('TechProtocolaireErreur', 'T3', 'Opération inconnue', `Opération ${call.operation} non prise en charge par le simulateur.`);
  } catch (err) {
    if (!(err instanceof SoapFault)) throw err;
    return send(res, 500, faultXml(err.kind, err.code, err.libelle, err.descriptif), 'text/xml; charset=utf-8');
  }
}

// ---------------------------------------------------------------------------------------------
// Choice, notification, browser return

const RESULTS = ['P', 'V', 'R', 'Z', 'A'];
const expired = (op) => Date.now() - op.createdAt.getTime() > idopTtlMs;

/** Records the result of an operation (once); schedules its notifications. */
function choose(op, resultrans) {
  const at = new Date();
  op.result = { resultrans, numauto: resultrans === 'P' || resultrans === 'V' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : '', ...parisStamp(at), at };
  const { notifyCount, notifyDelayMs } = behaviour;
  setTimeout(() => {
    void (async () => {
      for (let i = 0; i < notifyCount; i++) await notify(op);
    })();
  }, notifyDelayMs).unref();
}

/** POST idOp=<id> to urlnotif; the outcome is recorded on the operation (no retry: like a lost notification). */
async function notify(op) {
  const entry = { at: new Date(), status: null, error: null };
  op.notifications.push(entry);
  try {
    const res = await fetch(op.fields.urlnotif, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ idOp: op.idOp }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
    });
    entry.status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    entry.error = err?.cause?.code ?? err?.name ?? 'error';
  }
  return entry;
}

const page = (title, body) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.4}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}
button{display:block;width:100%;margin:.5rem 0;padding:.7rem;font-size:1rem;cursor:pointer}
.err{color:#b00020}.note{color:#555;font-size:.9rem}</style></head>
<body><main><h1>${esc(title)}</h1>${body}</main>
<p class="note">Simulateur local de PayFiP (plateforme de paiement de la DGFiP) — aucune carte n'est débitée ; ne pas utiliser en production.</p></body></html>`;

const euros = (cents) => `${(Number(cents) / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

function paymentPage(op) {
  const f = op.fields;
  return page(
    'Paiement sécurisé — simulateur PayFiP',
    `<dl>
  <dt>Montant</dt><dd>${esc(euros(f.montant))}</dd>
  <dt>Objet</dt><dd>${esc(f.objet || '—')}</dd>
  <dt>Référence</dt><dd>${esc(f.refdet)}</dd>
  <dt>Adresse électronique</dt><dd>${esc(f.mel)}</dd>
</dl>
<form method="post" action="${PAGE_PATH}" aria-label="Choix du résultat du paiement">
  <input type="hidden" name="idop" value="${esc(op.idOp)}">
  <button type="submit" name="resultrans" value="P">Payer par carte</button>
  <button type="submit" name="resultrans" value="R">Carte refusée</button>
  <button type="submit" name="resultrans" value="A">Abandonner</button>
</form>`,
  );
}

/** Back to the site like PayFiP: an auto-submitted POST form with the field idOp, and a button if scripts are off. */
function returnPage(op) {
  const label = { P: 'Paiement accepté.', V: 'Paiement accepté.', R: 'Paiement refusé : votre carte a été refusée.', Z: 'Paiement refusé.', A: 'Paiement abandonné.' }[op.result.resultrans];
  return page(
    'Paiement sécurisé — simulateur PayFiP',
    `<p role="status">${esc(label)}</p>
<form id="retour" method="post" action="${esc(op.fields.urlredirect)}">
  <input type="hidden" name="idOp" value="${esc(op.idOp)}">
  <button type="submit">Retourner sur le site</button>
</form>
<script>document.getElementById('retour').submit();</script>`,
  );
}

function errorPage(status, res, message) {
  return send(res, status, page('Paiement sécurisé — simulateur PayFiP', `<p class="err" role="alert">${esc(message)}</p>`));
}

async function paymentPageRoute(req, res, url) {
  if (req.method === 'GET') {
    const op = operations.get(url.searchParams.get('idop') ?? url.searchParams.get('idOp') ?? '');
    if (!op) return errorPage(404, res, "Cette opération de paiement est inconnue.");
    if (op.result) return errorPage(409, res, 'Cette opération de paiement est déjà terminée.');
    if (expired(op)) return errorPage(410, res, 'Cette opération de paiement a expiré : recommencez depuis le site.');
    return send(res, 200, paymentPage(op));
  }
  if (req.method === 'POST') {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const op = operations.get(form.get('idop') ?? '');
    const resultrans = form.get('resultrans') ?? '';
    if (!op) return errorPage(404, res, "Cette opération de paiement est inconnue.");
    if (!['P', 'R', 'A'].includes(resultrans)) return errorPage(400, res, 'Choix invalide.');
    if (op.result) return errorPage(409, res, 'Cette opération de paiement est déjà terminée.');
    if (expired(op)) return errorPage(410, res, 'Cette opération de paiement a expiré : recommencez depuis le site.');
    choose(op, resultrans);
    return send(res, 200, returnPage(op));
  }
  return errorPage(405, res, 'Méthode non autorisée.');
}

// ---------------------------------------------------------------------------------------------
// Control API (tests)

const view = (op) => ({ idOp: op.idOp, ...op.fields, createdAt: op.createdAt, result: op.result, notifications: op.notifications });
const json = (res, status, body) => send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
const nonNegativeInt = (v) => Number.isInteger(v) && v >= 0;

function settings() {
  const { pendingUntil, ...rest } = behaviour;
  return { ...rest, pendingForMs: Math.max(0, pendingUntil - Date.now()) };
}

async function control(req, res, path) {
  const body = req.method === 'POST' ? await readJson(req) : undefined;
  if (body === null) return json(res, 400, { error: 'the body must be a JSON object' });
  if (path === '/__control' && req.method === 'POST') {
    const next = { ...behaviour };
    for (const key of ['notifyCount', 'notifyDelayMs', 'pendingCalls', 'techErrorCalls', 'http503Calls', 'functionalErrorCalls', 'slowCalls', 'slowMs']) {
      if (body[key] === undefined) continue;
      if (!nonNegativeInt(body[key])) return json(res, 400, { error: `${key} must be an integer ≥ 0` });
      next[key] = body[key];
    }
    if (body.pendingForMs !== undefined) {
      if (!nonNegativeInt(body.pendingForMs)) return json(res, 400, { error: 'pendingForMs must be an integer ≥ 0' });
      next.pendingUntil = Date.now() + body.pendingForMs;
    }
    if (body.functionalErrorCode !== undefined) {
      if (typeof body.functionalErrorCode !== 'string' || !/^[A-Za-z0-9-]{1,20}$/.test(body.functionalErrorCode)) return json(res, 400, { error: 'functionalErrorCode must be a short code' });
      next.functionalErrorCode = body.functionalErrorCode;
    }
    if (body.techErrorKind !== undefined) {
      if (!['TechIndisponibiliteErreur', 'TechDysfonctionnementErreur', 'TechProtocolaireErreur'].includes(body.techErrorKind)) return json(res, 400, { error: 'techErrorKind must be a Tech…Erreur' });
      next.techErrorKind = body.techErrorKind;
    }
    if (body.detailsOverride !== undefined) {
      const o = body.detailsOverride;
      if (o !== null && (typeof o !== 'object' || Object.keys(o).some((k) => !['montant', 'refdet'].includes(k) || typeof o[k] !== 'string'))) {
        return json(res, 400, { error: 'detailsOverride must be null or {montant?: string, refdet?: string}' });
      }
      next.detailsOverride = o;
    }
    behaviour = next;
    return json(res, 200, settings());
  }
  if (path === '/__control' && req.method === 'GET') return json(res, 200, settings());
  if (path === '/__control/reset' && req.method === 'POST') {
    operations.clear();
    behaviour = { ...DEFAULT_BEHAVIOUR };
    return json(res, 200, settings());
  }
  if (path === '/__control/operations' && req.method === 'GET') return json(res, 200, [...operations.values()].map(view));
  const one = /^\/__control\/operations\/([^/]+)$/.exec(path);
  if (one && req.method === 'GET') {
    const op = operations.get(decodeURIComponent(one[1]));
    return op ? json(res, 200, view(op)) : json(res, 404, { error: 'unknown idOp' });
  }
  if (['/__control/choose', '/__control/notify', '/__control/expire'].includes(path) && req.method === 'POST') {
    const op = operations.get(typeof body.idOp === 'string' ? body.idOp : '');
    if (!op) return json(res, 404, { error: 'unknown idOp' });
    if (path === '/__control/notify') return json(res, 200, await notify(op));
    if (path === '/__control/expire') {
      op.createdAt = new Date(Date.now() - idopTtlMs - 1000);
      return json(res, 200, view(op));
    }
    if (!RESULTS.includes(body.result)) return json(res, 400, { error: `result must be one of ${RESULTS.join(', ')}` });
    if (op.result) return json(res, 409, { error: 'this idOp already has a result (an idOp is single-use)' });
    if (expired(op)) return json(res, 410, { error: 'this idOp has expired' });
    choose(op, body.result);
    return json(res, 200, { ...view(op), redirect: { url: op.fields.urlredirect, idOp: op.idOp } });
  }
  return json(res, 404, { error: 'unknown control' });
}

// ---------------------------------------------------------------------------------------------
// HTTP

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readJson(req) {
  try {
    const value = JSON.parse((await readBody(req)).toString('utf8') || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch (err) {
    if (err.status) throw err;
    return null;
  }
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function wsdl() {
  return readFileSync(WSDL_FILE, 'utf8').replace(/<soap:address location="[^"]*"\/>/, `<soap:address location="${esc(baseUrl)}/services/securite"/>`);
}

async function route(req, res) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (path === SOAP_PATH) {
    if (req.method === 'GET' && url.searchParams.has('wsdl')) return send(res, 200, wsdl(), 'text/xml; charset=utf-8');
    if (req.method === 'POST') return soap(req, res);
    return send(res, 405, 'Method Not Allowed', 'text/plain; charset=utf-8');
  }
  if (path === PAGE_PATH) return paymentPageRoute(req, res, url);
  if (faultsEnabled && (path === '/__control' || path.startsWith('/__control/'))) return control(req, res, path);
  return errorPage(404, res, 'Page introuvable.');
}

const server = createServer((req, res) => {
  route(req, res).catch((err) => {
    if (!res.headersSent) send(res, err.status ?? 500, err.status ? 'Payload Too Large' : 'Internal Server Error', 'text/plain; charset=utf-8');
    if (!err.status) console.error(err);
  });
});

server.once('error', (err) => {
  console.log(JSON.stringify({ ready: false, code: err.code ?? 'ERROR', message: err.message }));
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  baseUrl = `http://127.0.0.1:${server.address().port}${BASE}`;
  console.log(JSON.stringify({ ready: true, url: baseUrl, faults: faultsEnabled }));
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
if (process.send) process.once('disconnect', () => process.exit(0));

import { DateTime } from 'luxon';
import { CreatePaymentRequest, PaymentDetails } from '../../domain/payment-provider';

/**
 * The field rules of PayFiP's `creerPaiementSecurise` (../shared/design/PAYFIP.md, "Field rules"),
 * checked before calling so that a bad value is our bug, named, and never a round trip; and the
 * reading of `recupererDetailPaiementSecurise`'s answer.
 */

export const MIN_AMOUNT_CENTS = 100;
export const MAX_AMOUNT_CENTS = 10_000_000;

/**
 * `objet`: at most 100 characters of `[A-Za-z0-9 ]`. Accents are stripped (NFKD), `'` and `-` become
 * spaces, anything else is dropped, runs of spaces collapse.
 */
export function normalizeObjet(objet: string): string {
  return objet
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’-]/g, ' ')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, 100)
    .trimEnd();
}

const invalid = (field: string, rule: string) => new RangeError(`PayFiP field ${field}: ${rule}`);

function absoluteHttpUrl(field: string, value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw invalid(field, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(field, 'must be an absolute http(s) URL');
  return url.toString();
}

/** The `arg0` of `creerPaiementSecurise`, every field checked (RangeError naming the first bad one). */
export function createArguments(request: CreatePaymentRequest): Record<string, string> {
  const { numcli, exer, refdet, amountCents, objet, mel, saisie } = request;
  if (typeof numcli !== 'string' || !/^\d{6}$/.test(numcli)) throw invalid('numcli', 'must be 6 digits');
  if (!Number.isInteger(exer) || exer < 2000 || exer > 2999) throw invalid('exer', 'must be a year');
  if (typeof refdet !== 'string' || !/^[A-Za-z0-9]{1,30}$/.test(refdet)) throw invalid('refdet', 'must match ^[A-Za-z0-9]{1,30}$');
  if (!Number.isInteger(amountCents) || amountCents < MIN_AMOUNT_CENTS || amountCents > MAX_AMOUNT_CENTS) {
    throw invalid('montant', `must be integer cents from ${MIN_AMOUNT_CENTS} to ${MAX_AMOUNT_CENTS}`);
  }
  if (typeof objet !== 'string') throw invalid('objet', 'must be a string');
  if (typeof mel !== 'string' || mel.length < 6 || mel.length > 80 || !mel.includes('@') || /\s/.test(mel)) {
    throw invalid('mel', 'must be an e-mail address of 6 to 80 characters');
  }
  if (saisie !== 'T' && saisie !== 'X' && saisie !== 'W') throw invalid('saisie', 'must be T, X or W');
  return {
    exer: String(exer),
    mel,
    montant: String(amountCents),
    numcli,
    objet: normalizeObjet(objet),
    refdet,
    saisie,
    urlnotif: absoluteHttpUrl('urlnotif', request.urlnotif),
    urlredirect: absoluteHttpUrl('urlredirect', request.urlredirect),
  };
}

/** PayFiP's idOps are opaque tokens (hex, or UUID-like); anything else is refused. */
const OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export function isOperationId(value: unknown): value is string {
  return typeof value === 'string' && OPERATION_ID.test(value);
}

/** `idOp` (PayFiP's spelling) or `idop`; a repeated field (array) or a malformed value is refused. */
export function operationIdOf(fields: Record<string, unknown> | null | undefined): string | undefined {
  if (!fields || typeof fields !== 'object') return undefined;
  const value = Object.prototype.hasOwnProperty.call(fields, 'idOp') ? fields.idOp : Object.prototype.hasOwnProperty.call(fields, 'idop') ? fields.idop : undefined;
  return isOperationId(value) ? value : undefined;
}

/** `dattrans` DDMMYYYY + `heurtrans` HHMM, on the Paris clock; undefined when absent or malformed. */
export function transactionAt(dattrans: string | undefined, heurtrans: string | undefined): Date | undefined {
  if (!dattrans || !/^\d{8}$/.test(dattrans)) return undefined;
  const time = heurtrans && /^\d{4}$/.test(heurtrans) ? heurtrans : '0000';
  const at = DateTime.fromFormat(`${dattrans}${time}`, 'ddMMyyyyHHmm', { zone: 'Europe/Paris' });
  return at.isValid ? at.toJSDate() : undefined;
}

const DETAIL_FIELDS = ['dattrans', 'exer', 'heurtrans', 'idOp', 'mel', 'montant', 'numauto', 'numcli', 'objet', 'refdet', 'resultrans', 'saisie'] as const;

/** The `return` of `recupererDetailPaiementSecurise` as the port's result. Text fields are kept as received. */
export function readDetails(ret: Record<string, unknown> | undefined): PaymentDetails & { kind: 'result' } {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(ret ?? {})) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    raw[key] = String(value).trim();
  }
  for (const key of DETAIL_FIELDS) raw[key] ??= '';
  const amount = /^\d+$/.test(raw.montant) ? Number(raw.montant) : NaN;
  return {
    kind: 'result',
    code: raw.resultrans,
    amountCents: amount,
    refdet: raw.refdet,
    numcli: raw.numcli,
    exer: /^\d+$/.test(raw.exer) ? Number(raw.exer) : NaN,
    mel: raw.mel,
    objet: raw.objet,
    saisie: raw.saisie,
    authorizationNumber: raw.numauto || undefined,
    transactionAt: transactionAt(raw.dattrans, raw.heurtrans),
    raw,
  };
}

/**
 * The payment-provider port, modelled on the PayFiP web service (../shared/design/PAYFIP.md).
 * The adapter (infrastructure/payfip) speaks SOAP to PayFiP or to the local simulator; the rest of
 * the module only sees this.
 *
 * Flow: `create` (server to server) gives an operation id and the address to send the browser to;
 * the platform then notifies us (unsigned: the notification is only a trigger, `operationIdOf`
 * reads its id) and sends the browser back; in every case the truth is `details(operationId)`.
 */

/** `T` test, `X` activation (real cards, DGFiP validating the integration), `W` production. */
export type PayfipMode = 'T' | 'X' | 'W';

export interface CreatePaymentRequest {
  /** the billing office's PayFiP customer number: 6 digits */
  numcli: string;
  /** year of the debt */
  exer: number;
  /** our reference, `^[A-Za-z0-9]{1,30}$`, unique per attempt: checked again in the result */
  refdet: string;
  /** integer cents, 100 (1,00 €) to 10,000,000 (100 000 €) */
  amountCents: number;
  /** ≤ 100 characters of `[A-Za-z0-9 ]`: the adapter normalises (accents stripped, `'` and `-` as spaces) */
  objet: string;
  /** the payer's e-mail address (6 to 80 characters with `@`): PayFiP e-mails its ticket there */
  mel: string;
  saisie: PayfipMode;
  /** absolute URL PayFiP calls server to server with the field `idOp` */
  urlnotif: string;
  /** absolute URL the browser is sent back to, carrying `idOp` */
  urlredirect: string;
}

export interface CreatedPayment {
  /** PayFiP's `idOp` */
  operationId: string;
  /** where to send the browser: `<base>/paiementws.web?idop=<idOp>` */
  redirectUrl: string;
}

/** PayFiP's `resultrans`: P card paid, V direct debit paid, R card refused, Z debit refused, A abandoned. */
export type ResultCode = 'P' | 'V' | 'R' | 'Z' | 'A';

export type PaymentDetails =
  | {
      kind: 'result';
      /** anything else than P/V/R/Z/A is kept as is and treated as an error */
      code: ResultCode | string;
      amountCents: number;
      refdet: string;
      numcli: string;
      exer: number;
      mel: string;
      objet: string;
      saisie: string;
      /** `numauto`: the card authorisation number (absent when not paid) */
      authorizationNumber: string | undefined;
      /** `dattrans` + `heurtrans`, read on Europe/Paris */
      transactionAt: Date | undefined;
      /** every field as received, for the transaction record */
      raw: Record<string, string>;
    }
  /** P5: the operation exists, no result yet (payment in progress, or never made) */
  | { kind: 'pending' }
  /** P1: unknown operation (or cleaned, a day after) */
  | { kind: 'unknown' };

/** The platform answered with a functional error (`FonctionnelleErreur`) other than P1/P5. */
export class PaymentProviderRejected extends Error {
  constructor(
    readonly code: string,
    readonly label: string,
  ) {
    super(`PayFiP refused the request: ${code} ${label}`);
    this.name = 'PaymentProviderRejected';
  }
}

/** The platform could not be reached or failed technically (network, `Tech…Erreur`): try again later. */
export class PaymentProviderUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PaymentProviderUnavailable';
  }
}

/** The port. Nest injects the adapter under this class. */
export abstract class PaymentProvider {
  /** `creerPaiementSecurise`. Throws PaymentProviderRejected or PaymentProviderUnavailable; validates the fields first (RangeError naming the field). */
  abstract create(request: CreatePaymentRequest): Promise<CreatedPayment>;
  /** `recupererDetailPaiementSecurise`: the only source of truth. Throws PaymentProviderUnavailable. */
  abstract details(operationId: string): Promise<PaymentDetails>;
  /** The operation id a notification or a browser return names (`idOp`, or `idop`), from its form fields or query; undefined when absent or malformed. */
  abstract operationIdOf(fields: Record<string, unknown>): string | undefined;
}

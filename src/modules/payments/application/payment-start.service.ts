import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { retryTransient, TransactionHost } from '../../../platform/database/transaction-host';
import { familyOf, Principal } from '../../../platform/http';
import { InvoicesForPayment, OfficeForPayment } from '../../billing';
import { AccountDirectory } from '../../identity';
import { ActivityRegistrations } from '../../reservations';
import { PaymentProvider, PaymentProviderRejected } from '../domain/payment-provider';
import { PaymentsError } from '../domain/payments.errors';
import { euros, MAX_ONLINE_CENTS, MIN_ONLINE_CENTS, newReference, objetOf, parisTime, RESULT_WINDOW_MINUTES } from '../domain/transaction';
import { OfficeSettingsRepository, OfficeSettingsRow } from '../infrastructure/office-settings.repository';
import { invoiceSubject, registrationSubject, TransactionInvoiceRow, TransactionRepository } from '../infrastructure/transaction.repository';

export interface PaymentInput {
  invoices?: { invoiceId: string; amountCents: number }[];
  registrationId?: string;
}

/** The recap shown before going to the platform (seed 002, 9.3: invoice numbers and the amount debited). */
export interface PaymentPreview {
  officeId: string;
  officeName: string;
  invoices: (TransactionInvoiceRow & { remainingCents: number })[];
  registration: { registrationId: string; number: string; label: string; amountCents: number } | null;
  totalCents: number;
  /** the payer's address: PayFiP e-mails its own receipt there, Guichet the payment ticket */
  email: string;
  /** false: the payment will be refused until the address is confirmed (seed 000) */
  emailConfirmed: boolean;
}

export interface StartedPayment {
  transactionId: string;
  /** where to send the browser: the platform's payment page */
  redirectUrl: string;
}

interface Basket {
  office: OfficeForPayment;
  settings: OfficeSettingsRow;
  invoices: (TransactionInvoiceRow & { remainingCents: number })[];
  registration: { registrationId: string; number: string; label: string; amountCents: number } | null;
  totalCents: number;
  subjects: string[];
}

const NOT_OFFERED_INVOICE = 'Le paiement en ligne n’est pas proposé pour cette facture.';
const NOT_OFFERED_REGISTRATION = 'Le paiement en ligne n’est pas proposé pour cette inscription.';

/**
 * Starting a payment (guardian): what is paid comes from billing's and reservations' data, never from
 * the browser beyond the partial amount of one invoice. The attempt is recorded and its locks taken
 * in one transaction BEFORE the platform is called (after commit); a failed creation ends the attempt
 * in error and gives the locks back.
 */
@Injectable()
export class PaymentStartService {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly txHost: TransactionHost,
    private readonly transactions: TransactionRepository,
    private readonly settings: OfficeSettingsRepository,
    private readonly invoices: InvoicesForPayment,
    private readonly registrations: ActivityRegistrations,
    private readonly accounts: AccountDirectory,
    private readonly provider: PaymentProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(principal: Principal, input: PaymentInput): Promise<PaymentPreview> {
    const familyId = familyOf(principal);
    const basket = await this.basket(familyId, input);
    await this.refuseIfLocked(basket);
    const payer = await this.accounts.contact(principal.accountId);
    return {
      officeId: basket.office.officeId,
      officeName: basket.office.name,
      invoices: basket.invoices,
      registration: basket.registration,
      totalCents: basket.totalCents,
      email: payer?.email ?? '',
      emailConfirmed: !!payer?.emailConfirmed,
    };
  }

  async start(principal: Principal, input: PaymentInput): Promise<StartedPayment> {
    const familyId = familyOf(principal);
    const payer = await this.accounts.contact(principal.accountId);
    if (!payer?.active || !payer.emailConfirmed) {
      throw new PaymentsError(
        'unprocessable',
        'email-required',
        'Il est impératif d’avoir une adresse électronique à jour et confirmée avant de payer en ligne : vérifiez-la dans votre compte, puis recommencez.',
      );
    }
    const basket = await this.basket(familyId, input);
    const label = objetOf(basket.registration ? { registrationNumber: basket.registration.number } : { invoiceNumbers: basket.invoices.map((i) => i.number) });
    const now = new Date();
    const exer = Number(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' }).format(now));
    // never shorter than the window in which the platform may still take the card
    const lockMinutes = Math.max(basket.office.paymentLockMinutes, RESULT_WINDOW_MINUTES);

    const reference = newReference(now);
    const created = await retryTransient(() =>
      this.txHost.withTransaction(async () => {
        const t = await this.transactions.insert({
          reference,
          familyId,
          accountId: payer.accountId,
          payerEmail: payer.email,
          payerName: payer.displayName,
          officeId: basket.office.officeId,
          numcli: basket.settings.numcli,
          mode: basket.settings.mode,
          exer,
          label,
          amountCents: basket.totalCents,
          registrationId: basket.registration?.registrationId ?? null,
          registrationNumber: basket.registration?.number ?? null,
          lockMinutes,
          invoices: basket.invoices.map(({ remainingCents: _, ...i }) => i),
        });
        const refused = await this.transactions.takeLocks(t.id, basket.subjects, t.lockedUntil);
        if (refused.length) throw this.lockedError(basket, await this.transactions.runningLocks(refused), refused);
        await this.transactions.log(t.id, { via: 'start', accountId: payer.accountId, answer: 'started', stateBefore: 'pending', stateAfter: 'pending', details: null });
        return { id: t.id, reference };
      }),
    );

    const base = this.config.publicUrl.replace(/\/+$/, '');
    try {
      const op = await this.provider.create({
        numcli: basket.settings.numcli,
        exer,
        refdet: created.reference,
        amountCents: basket.totalCents,
        objet: label,
        mel: payer.email,
        saisie: basket.settings.mode,
        urlnotif: `${base}/api/payments/payfip/notification`,
        urlredirect: `${base}/api/payments/payfip/return`,
      });
      await this.txHost.withTransaction(async () => {
        await this.transactions.setOperation(created.id, op.operationId, op.redirectUrl);
        await this.transactions.log(created.id, { via: 'start', accountId: payer.accountId, answer: 'created', stateBefore: 'pending', stateAfter: 'pending', details: { operationId: op.operationId } });
      });
      return { transactionId: created.id, redirectUrl: op.redirectUrl };
    } catch (err) {
      const rejected = err instanceof PaymentProviderRejected;
      const answer = rejected ? `rejected:${err.code}` : err instanceof RangeError ? 'invalid' : 'unavailable';
      const reason = rejected ? `La plateforme a refusé la création : ${err.code} ${err.label}` : `Création impossible : ${(err as Error).message}`;
      this.logger.warn({ transactionId: created.id, answer, err: (err as Error).message }, 'payment creation failed: attempt ended in error, locks released');
      await this.txHost.withTransaction(async () => {
        const row = await this.transactions.byId(created.id, true);
        if (row?.state !== 'pending') return;
        await this.transactions.end(created.id, { state: 'error', resultCode: null, providerData: null, authorizationNumber: null, transactionAt: null, ticketNumber: null, errorReason: reason, mismatch: false });
        await this.transactions.releaseLocks(created.id);
        await this.transactions.log(created.id, { via: 'start', accountId: payer.accountId, answer, stateBefore: 'pending', stateAfter: 'error', details: { message: (err as Error).message } });
      });
      throw new PaymentsError(
        'unavailable',
        'platform-unavailable',
        rejected || err instanceof RangeError
          ? 'Le paiement en ligne n’a pas pu être créé. Réessayez plus tard ou contactez la régie.'
          : 'Le service de paiement en ligne est momentanément indisponible. Réessayez dans quelques minutes.',
      );
    }
  }

  /** What the guardian is paying, read from billing's and reservations' data, with the office's PayFiP settings. */
  private async basket(familyId: string, input: PaymentInput): Promise<Basket> {
    const hasInvoices = input.invoices !== undefined && input.invoices !== null;
    const hasRegistration = input.registrationId !== undefined && input.registrationId !== null;
    if (hasInvoices === hasRegistration) {
      const message = 'indiquez soit les factures à payer, soit l’inscription';
      throw new PaymentsError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: hasInvoices ? 'registrationId' : 'invoices', message }]);
    }
    return hasInvoices ? this.invoiceBasket(familyId, input.invoices!) : this.registrationBasket(familyId, input.registrationId!);
  }

  private async invoiceBasket(familyId: string, asked: { invoiceId: string; amountCents: number }[]): Promise<Basket> {
    const found = await this.invoices.forPayment(familyId, asked.map((a) => a.invoiceId));
    if (found.length !== asked.length) throw new PaymentsError('not_found', 'invoice-not-found', 'Facture introuvable.');
    const several = asked.length > 1;
    const offices = new Set(found.map((i) => i.officeId));
    if (offices.size > 1) {
      throw new PaymentsError('unprocessable', 'several-offices', 'Ces factures relèvent de régies différentes : réglez-les séparément (le paiement en ligne se fait auprès d’une régie à la fois).');
    }
    const rows = found.map((invoice, i) => {
      const field = `invoices[${i}].amountCents`;
      const amount = asked[i].amountCents;
      if (!invoice.payable) throw new PaymentsError('unprocessable', 'not-payable', `La facture ${invoice.number} n’est pas à payer.`);
      if (amount > invoice.remainingCents) throw PaymentsError.field(field, `Le montant ne peut pas dépasser le restant dû (${euros(invoice.remainingCents)})`);
      if (several && amount !== invoice.remainingCents) {
        throw PaymentsError.field(field, `Pour régler plusieurs factures ensemble, chacune est réglée en entier : ${euros(invoice.remainingCents)} pour la facture ${invoice.number}`);
      }
      return { invoiceId: invoice.invoiceId, number: invoice.number, label: invoice.label, amountCents: amount, remainingCents: invoice.remainingCents };
    });
    const office = await this.invoices.office(found[0].officeId);
    const settings = office?.active ? await this.settings.get(office.officeId) : undefined;
    if (!office || !settings) throw new PaymentsError('unprocessable', 'not-offered', NOT_OFFERED_INVOICE);
    const totalCents = rows.reduce((s, r) => s + r.amountCents, 0);
    this.checkBounds(totalCents);
    return { office, settings, invoices: rows, registration: null, totalCents, subjects: rows.map((r) => invoiceSubject(r.invoiceId)) };
  }

  private async registrationBasket(familyId: string, registrationId: string): Promise<Basket> {
    const r = await this.registrations.forPayment(familyId, registrationId);
    if (!r) throw new PaymentsError('not_found', 'registration-not-found', 'Inscription introuvable.');
    if (!r.payable || r.amountCents <= 0) {
      throw new PaymentsError('unprocessable', 'not-payable', `L’inscription ${r.number} n’attend pas de paiement (ses places ne sont plus réservées, ou elle est déjà confirmée).`);
    }
    const office = await this.invoices.officeOfServices(r.lines.map((l) => l.serviceId));
    const settings = office?.active ? await this.settings.get(office.officeId) : undefined;
    if (!office || !settings) throw new PaymentsError('unprocessable', 'not-offered', NOT_OFFERED_REGISTRATION);
    this.checkBounds(r.amountCents);
    return {
      office,
      settings,
      invoices: [],
      registration: { registrationId: r.registrationId, number: r.number, label: r.label, amountCents: r.amountCents },
      totalCents: r.amountCents,
      subjects: [registrationSubject(r.registrationId)],
    };
  }

  private checkBounds(totalCents: number): void {
    if (totalCents < MIN_ONLINE_CENTS) throw new PaymentsError('unprocessable', 'amount-too-small', `Le paiement en ligne est possible à partir de ${euros(MIN_ONLINE_CENTS)}.`);
    if (totalCents > MAX_ONLINE_CENTS) throw new PaymentsError('unprocessable', 'amount-too-large', `Le paiement en ligne est limité à ${euros(MAX_ONLINE_CENTS)}.`);
  }

  private async refuseIfLocked(basket: Basket): Promise<void> {
    const running = await this.transactions.runningLocks(basket.subjects);
    if (running.length) throw this.lockedError(basket, running, running.map((r) => r.subject));
  }

  /** 409 "Un paiement est en cours pour la facture X. Vous pourrez réessayer après HH:MM, ou vérifier son statut." */
  private lockedError(basket: Basket, running: { subject: string; transactionId: string; lockedUntil: Date }[], refused: string[]): PaymentsError {
    const subject = running[0]?.subject ?? refused[0];
    const what = subject.startsWith('registration:')
      ? `l’inscription ${basket.registration?.number ?? ''}`.trim()
      : `la facture ${basket.invoices.find((i) => invoiceSubject(i.invoiceId) === subject)?.number ?? ''}`.trim();
    const until = running[0]?.lockedUntil;
    const when = until ? `après ${parisTime(new Date(until))}` : 'dans quelques minutes';
    return new PaymentsError('conflict', 'payment-pending', `Un paiement est en cours pour ${what}. Vous pourrez réessayer ${when}, ou vérifier son statut.`, [], {
      pendingTransactionId: running[0]?.transactionId ?? null,
      retryAfter: until ? new Date(until).toISOString() : null,
      checkUrl: running[0] ? `/api/payments/${running[0].transactionId}/check` : null,
    });
  }
}

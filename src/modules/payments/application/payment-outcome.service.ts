import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { retryTransient, TransactionHost } from '../../../platform/database/transaction-host';
import { EventPublisher } from '../../../platform/events';
import { PaymentDetails, PaymentProvider } from '../domain/payment-provider';
import { decide, RESULT_WINDOW_MS, ticketNumber, TransactionState } from '../domain/transaction';
import { CheckVia, TransactionRepository, TransactionRow } from '../infrastructure/transaction.repository';

/** What came back from the platform, as recorded in the check log. */
function answerOf(details: PaymentDetails): string {
  return details.kind === 'result' ? details.code : details.kind === 'pending' ? 'P5' : 'P1';
}

/**
 * The one place where a payment's outcome is decided. The platform's notification, the browser's
 * return, the worker's poll, the guardian's "vérifier le statut" and staff's re-check all ask the
 * platform (`details`, the only truth) and hand the answer to `apply`, which locks the transaction
 * row, decides with the window rule, writes the end state and its event in one database
 * transaction, and does nothing for a transaction already ended: a result is applied exactly once,
 * whatever the order or the number of the triggers. Every check is logged.
 */
@Injectable()
export class PaymentOutcomeService implements OnApplicationShutdown {
  private readonly logger = new Logger('Payments');
  /** notifications answered at once whose check still runs */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly txHost: TransactionHost,
    private readonly transactions: TransactionRepository,
    private readonly provider: PaymentProvider,
    private readonly events: EventPublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Asks the platform about a transaction and applies the answer. A transaction already ended is not
   * asked again (staff's re-check asks anyway: its answer is logged, nothing changes). Returns the
   * state after; the platform being unreachable leaves it as it was (logged).
   */
  async check(id: string, via: CheckVia, accountId: string | null): Promise<TransactionState | undefined> {
    const row = await this.transactions.byId(id);
    if (!row) return undefined;
    if (row.state !== 'pending' && via !== 'staff') {
      await this.txHost.withTransaction(() => this.transactions.log(id, { via, accountId, answer: 'not-asked: already ended', stateBefore: row.state, stateAfter: row.state, details: null }));
      return row.state;
    }
    if (!row.operationId) return this.withoutOperation(row, via, accountId);
    let details: PaymentDetails;
    try {
      details = await this.provider.details(row.operationId);
    } catch (err) {
      this.logger.warn({ transactionId: id, via, err: (err as Error).message }, 'payment check: the platform could not be asked');
      await this.txHost.withTransaction(async () => {
        await this.transactions.touched(id);
        await this.transactions.log(id, { via, accountId, answer: 'unavailable', stateBefore: row.state, stateAfter: row.state, details: { message: (err as Error).message } });
      });
      return row.state;
    }
    return this.apply(id, details, via, accountId);
  }

  /** PayFiP's notification: only a trigger. Answered at once; the check runs behind. Unknown operations change nothing. */
  notified(fields: Record<string, unknown>): void {
    const operationId = this.provider.operationIdOf(fields);
    if (!operationId) {
      this.logger.warn('PayFiP notification without a valid idOp: ignored');
      return;
    }
    const run = (async () => {
      const t = await this.transactions.byOperation(operationId);
      if (!t) {
        this.logger.warn({ operationId }, 'PayFiP notification for an operation we did not create: ignored');
        return;
      }
      await this.check(t.id, 'notification', null);
    })().catch((err: Error) => this.logger.warn({ err: err.message }, 'PayFiP notification: check failed (the worker will check again)'));
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** The browser is back from the platform: asks it (never trusting the query string), then says where to send the browser. */
  async returned(fields: Record<string, unknown>): Promise<string> {
    const base = this.config.publicUrl.replace(/\/+$/, '');
    const operationId = this.provider.operationIdOf(fields);
    const t = operationId ? await this.transactions.byOperation(operationId) : undefined;
    if (!t) return `${base}/paiements`;
    try {
      await this.check(t.id, 'return', null);
    } catch (err) {
      this.logger.warn({ transactionId: t.id, err: (err as Error).message }, 'browser return: check failed (the worker will check again)');
    }
    return `${base}/paiements/${t.id}`;
  }

  /** Applies an answer of the platform to a transaction, once (see the class). */
  async apply(id: string, details: PaymentDetails, via: CheckVia, accountId: string | null): Promise<TransactionState> {
    const answer = answerOf(details);
    const raw = details.kind === 'result' ? details.raw : null;
    return retryTransient(() =>
      this.txHost.withTransaction(async () => {
        const row = (await this.transactions.byId(id, true))!;
        const before = row.state;
        if (before !== 'pending') {
          await this.transactions.log(id, { via, accountId, answer, stateBefore: before, stateAfter: before, details: raw });
          return before;
        }
        const d = decide({ reference: row.reference, numcli: row.numcli, amountCents: row.amountCents, startedAt: new Date(row.startedAt) }, details, new Date());
        let after: TransactionState = 'pending';
        if (d.kind === 'pending') {
          await this.transactions.stillPending(id, d.provisional, raw);
        } else if (d.kind === 'error') {
          after = 'error';
          await this.transactions.end(id, {
            state: 'error',
            resultCode: d.code,
            providerData: raw,
            authorizationNumber: details.kind === 'result' ? details.authorizationNumber ?? null : null,
            transactionAt: details.kind === 'result' ? details.transactionAt ?? null : null,
            ticketNumber: null,
            errorReason: d.reason,
            mismatch: d.mismatch,
          });
          // the locks run out on their own: staff look first (money may have been taken)
          this.logger.warn({ transactionId: id, reason: d.reason }, 'payment in error: no money moved, for staff to check');
        } else if (d.state === 'validated' && details.kind === 'result') {
          after = 'validated';
          const paidAt = details.transactionAt ?? new Date();
          const ticket = ticketNumber(Number(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' }).format(paidAt)), await this.transactions.nextTicketSeq());
          await this.transactions.end(id, {
            state: 'validated',
            resultCode: d.code,
            providerData: raw,
            authorizationNumber: details.authorizationNumber ?? null,
            transactionAt: paidAt,
            ticketNumber: ticket,
            errorReason: null,
            mismatch: false,
          });
          await this.transactions.releaseLocks(id);
          await this.publishValidated(row, ticket, details.authorizationNumber ?? null, paidAt);
        } else {
          after = d.state;
          await this.transactions.end(id, { state: d.state, resultCode: d.code, providerData: raw, authorizationNumber: null, transactionAt: details.kind === 'result' ? details.transactionAt ?? null : null, ticketNumber: null, errorReason: null, mismatch: false });
          await this.transactions.releaseLocks(id);
          await this.publishFailed(row, d.state === 'validated' ? 'expired' : d.state);
        }
        await this.transactions.log(id, { via, accountId, answer, stateBefore: before, stateAfter: after, details: raw });
        return after;
      }),
    );
  }

  /** A transaction the platform never gave an operation id (the process stopped between the two): nobody can pay it; after the window it expires. */
  private async withoutOperation(row: TransactionRow, via: CheckVia, accountId: string | null): Promise<TransactionState> {
    return this.txHost.withTransaction(async () => {
      const locked = (await this.transactions.byId(row.id, true))!;
      let after = locked.state;
      if (locked.state === 'pending' && Date.now() - new Date(locked.startedAt).getTime() >= RESULT_WINDOW_MS) {
        after = 'expired';
        await this.transactions.end(row.id, { state: 'expired', resultCode: null, providerData: null, authorizationNumber: null, transactionAt: null, ticketNumber: null, errorReason: null, mismatch: false });
        await this.transactions.releaseLocks(row.id);
        await this.publishFailed(locked, 'expired');
      } else {
        await this.transactions.touched(row.id);
      }
      await this.transactions.log(row.id, { via, accountId, answer: 'no-operation', stateBefore: locked.state, stateAfter: after, details: null });
      return after;
    });
  }

  private async publishValidated(row: TransactionRow, ticket: string, authorizationNumber: string | null, paidAt: Date): Promise<void> {
    const invoices = (await this.transactions.invoicesOf([row.id])).get(row.id)!;
    await this.events.publish('payments.payment.validated.v1', row.id, {
      paymentId: row.id,
      familyId: row.familyId,
      amountCents: row.amountCents,
      invoiceIds: invoices.map((i) => i.invoiceId),
      registrationIds: row.registrationId ? [row.registrationId] : [],
      ticketNumber: ticket,
      authorizationNumber,
      paidAt: paidAt.toISOString(),
      officeId: row.officeId,
      payerAccountId: row.accountId,
      payerEmail: row.payerEmail,
      payerName: row.payerName,
      invoices: invoices.map((i) => ({ invoiceId: i.invoiceId, number: i.number, amountCents: i.amountCents })),
      registrationNumber: row.registrationNumber,
    });
  }

  private async publishFailed(row: TransactionRow, outcome: 'refused' | 'abandoned' | 'expired'): Promise<void> {
    const invoices = (await this.transactions.invoicesOf([row.id])).get(row.id)!;
    await this.events.publish('payments.payment.failed.v1', row.id, {
      paymentId: row.id,
      familyId: row.familyId,
      outcome,
      invoiceIds: invoices.map((i) => i.invoiceId),
      registrationIds: row.registrationId ? [row.registrationId] : [],
    });
  }
}

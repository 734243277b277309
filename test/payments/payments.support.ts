import { startPayfipSimulator } from '../../src/modules/payments/infrastructure/payfip/payfip-simulator';
import type { PayfipSimulator, PayfipSimulatorControl, SimulatedResult } from '../../src/modules/payments/infrastructure/payfip/payfip-simulator';
import { Headers } from '../factories/reservations.factory';
import { eventually, freePort, startTestApp, TestApp } from '../support/test-app';

export interface PaymentsHarness {
  t: TestApp;
  sim: PayfipSimulator;
  control: PayfipSimulatorControl;
  close(): Promise<void>;
}

/**
 * The real application listening on a real port (the simulator notifies it over HTTP), the worker
 * re-checking pending payments every 100 ms, and the real PayFiP simulator with its test controls.
 */
export async function paymentsHarness(env: Record<string, string> = {}): Promise<PaymentsHarness> {
  const sim = await startPayfipSimulator({ port: 0, faults: true });
  // PUBLIC_URL on 127.0.0.1 (not localhost, which may resolve to ::1 first): the simulator calls it back
  const port = await freePort();
  const t = await startTestApp({ role: 'all', listen: true, env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, PAYFIP_URL: sim.url, PAYMENT_CHECK_INTERVAL_MS: '100', ...env } });
  return {
    t,
    sim,
    control: sim.control!,
    close: async () => {
      await t.close();
      await sim.stop();
    },
  };
}

/** The office's invoices can be paid online (PayFiP customer number 123456, test mode). */
export async function payOnline(t: TestApp, staff: Headers, officeId: string, numcli = '123456'): Promise<void> {
  const res = await t.inject({ method: 'PUT', url: `/api/staff/payments/offices/${officeId}`, headers: staff, payload: { numcli, mode: 'T' } });
  if (res.statusCode !== 200) throw new Error(`payOnline: ${res.statusCode} ${res.body}`);
}

export function startPayment(t: TestApp, guardian: Headers, body: Record<string, unknown>) {
  return t.inject({ method: 'POST', url: '/api/payments', headers: guardian, payload: body });
}

/** Starts a payment that must start; answers the transaction id and the platform's idOp. */
export async function started(t: TestApp, guardian: Headers, body: Record<string, unknown>): Promise<{ id: string; idOp: string; redirectUrl: string }> {
  const res = await startPayment(t, guardian, body);
  if (res.statusCode !== 201) throw new Error(`start: ${res.statusCode} ${res.body}`);
  const { transactionId, redirectUrl } = res.json();
  const idOp = new URL(redirectUrl).searchParams.get('idop')!;
  return { id: transactionId, idOp, redirectUrl };
}

export async function stateOf(t: TestApp, id: string): Promise<{ state: string; provisional: string | null; mismatch: boolean; errorReason: string | null }> {
  const [row] = await t.dataSource.query(`SELECT state, provisional, mismatch, error_reason AS "errorReason" FROM payments.transaction WHERE id = $1`, [id]);
  return row;
}

export const untilState = (t: TestApp, id: string, state: string, timeoutMs = 15_000) =>
  eventually(async () => (await stateOf(t, id)).state === state, timeoutMs);

/** Moves a transaction (and its locks) `minutes` into the past: the window and the lock without sleeping. */
export async function age(t: TestApp, id: string, minutes: number): Promise<void> {
  await t.dataSource.query(
    `UPDATE payments.transaction SET started_at = started_at - make_interval(mins => $2), locked_until = locked_until - make_interval(mins => $2),
            last_checked_at = last_checked_at - make_interval(mins => $2) WHERE id = $1`,
    [id, minutes],
  );
  await t.dataSource.query(`UPDATE payments.payment_lock SET locked_until = locked_until - make_interval(mins => $2) WHERE transaction_id = $1`, [id, minutes]);
}

/** The browser back from the platform: the auto-submitted form. */
export function browserReturn(t: TestApp, idOp: string) {
  return t.inject({ method: 'POST', url: '/api/payments/payfip/return', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `idOp=${encodeURIComponent(idOp)}` });
}

export function notify(t: TestApp, fields: string) {
  return t.inject({ method: 'POST', url: '/api/payments/payfip/notification', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: fields });
}

export async function choose(control: PayfipSimulatorControl, idOp: string, result: SimulatedResult) {
  return control.choose(idOp, result);
}

/** Billing's payments recorded from an online payment. */
export async function billingPaymentsOf(t: TestApp, transactionId: string): Promise<{ amountCents: number }[]> {
  return t.dataSource.query(`SELECT amount_cents AS "amountCents" FROM billing.payment WHERE source_payment_id = $1`, [transactionId]);
}

export async function checksOf(t: TestApp, id: string): Promise<{ via: string; answer: string; stateAfter: string; accountId: string | null }[]> {
  return t.dataSource.query(`SELECT via, answer, state_after AS "stateAfter", account_id AS "accountId" FROM payments.check_log WHERE transaction_id = $1 ORDER BY id`, [id]);
}

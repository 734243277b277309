import { join } from 'node:path';
import { Client, createClientAsync } from 'soap';
import {
  CreatedPayment,
  CreatePaymentRequest,
  PaymentDetails,
  PaymentProvider,
  PaymentProviderRejected,
  PaymentProviderUnavailable,
} from '../../domain/payment-provider';
import { createArguments, isOperationId, operationIdOf, readDetails } from './payfip-fields';

/**
 * The PayFiP Régie web service (../shared/design/PAYFIP.md), or the local simulator that speaks it:
 * SOAP 1.1 through node-soap with the WSDL shipped next to this file (the published one imports
 * XSDs that cannot be resolved), addressed at `<baseUrl>/services/securite`; the browser goes to
 * `<baseUrl>/paiementws.web?idop=<idOp>`.
 *
 * Errors: a `FonctionnelleErreur` P5 (no result yet) or P1 (unknown operation) from the details is
 * an answer, not an error; other functional errors are PaymentProviderRejected; `Tech…Erreur`
 * faults, HTTP errors, unreadable answers, network errors and timeouts are PaymentProviderUnavailable.
 */
export interface PayfipWsOptions {
  /** PayFiP's base URL, e.g. `https://www.payfip.gouv.fr/tpa` (no trailing slash needed) */
  baseUrl: string;
  /** per SOAP call; default 10 s */
  timeoutMs?: number;
}

export const WSDL_PATH = join(__dirname, 'PaiementSecuriseService.wsdl');
const DEFAULT_TIMEOUT_MS = 10_000;
const TECH_ERRORS = ['TechDysfonctionnementErreur', 'TechIndisponibiliteErreur', 'TechProtocolaireErreur'];

interface PayfipError {
  kind: string;
  code: string;
  label: string;
  description: string;
}

export class PayfipWsAdapter extends PaymentProvider {
  readonly baseUrl: string;
  readonly serviceUrl: string;
  private readonly timeoutMs: number;
  private client: Promise<Client> | undefined;

  constructor(options: PayfipWsOptions) {
    super();
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.serviceUrl = `${this.baseUrl}/services/securite`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async create(request: CreatePaymentRequest): Promise<CreatedPayment> {
    const arg0 = createArguments(request);
    const ret = await this.call('creerPaiementSecurise', { arg0 }, (error) => {
      throw new PaymentProviderRejected(error.code, error.label || error.description);
    });
    const operationId = text(ret?.idOp);
    if (!isOperationId(operationId)) throw new PaymentProviderUnavailable(`PayFiP creerPaiementSecurise answered no usable idOp (${JSON.stringify(operationId ?? null)})`);
    return { operationId, redirectUrl: this.redirectUrlOf(operationId) };
  }

  async details(operationId: string): Promise<PaymentDetails> {
    if (!isOperationId(operationId)) throw new RangeError('PayFiP field idOp: malformed operation id');
    let answer: PaymentDetails | undefined;
    const ret = await this.call('recupererDetailPaiementSecurise', { arg0: { idOp: operationId } }, (error) => {
      if (error.code === 'P5') return (answer = { kind: 'pending' });
      if (error.code === 'P1') return (answer = { kind: 'unknown' });
      throw new PaymentProviderRejected(error.code, error.label || error.description);
    });
    if (answer) return answer;
    if (!ret || typeof ret !== 'object') throw new PaymentProviderUnavailable('PayFiP recupererDetailPaiementSecurise answered no result');
    return readDetails(ret);
  }

  operationIdOf(fields: Record<string, unknown>): string | undefined {
    return operationIdOf(fields);
  }

  /** Where to send the browser for an operation. */
  redirectUrlOf(operationId: string): string {
    return `${this.baseUrl}/paiementws.web?idop=${encodeURIComponent(operationId)}`;
  }

  /**
   * One SOAP call; answers the `return` element. A functional error goes to `onFunctionalError`
   * (which throws, or answers something that makes `call` return undefined).
   */
  private async call(operation: string, args: object, onFunctionalError: (error: PayfipError) => unknown): Promise<Record<string, unknown> | undefined> {
    const client = await this.soapClient();
    const method = (client as unknown as Record<string, (args: object, options: object) => Promise<[unknown]>>)[`${operation}Async`];
    let result: unknown;
    try {
      [result] = await method.call(client, args, { timeout: this.timeoutMs });
    } catch (err) {
      const error = payfipErrorOf(err);
      if (error && error.kind === 'FonctionnelleErreur') {
        onFunctionalError(error);
        return undefined;
      }
      if (error) throw new PaymentProviderUnavailable(`PayFiP ${operation}: ${error.kind} ${error.code} ${error.label}`.trim(), { cause: err });
      throw new PaymentProviderUnavailable(`PayFiP ${operation} failed: ${describe(err)}`, { cause: err });
    }
    const ret = (result as { return?: unknown } | null)?.return;
    return ret && typeof ret === 'object' ? (ret as Record<string, unknown>) : undefined;
  }

  /** The node-soap client, built once from the local WSDL (a failure is retried at the next call). */
  private soapClient(): Promise<Client> {
    this.client ??= createClientAsync(WSDL_PATH, { endpoint: this.serviceUrl, disableCache: true }).catch((err: unknown) => {
      this.client = undefined;
      throw new PaymentProviderUnavailable(`PayFiP WSDL could not be loaded: ${describe(err)}`, { cause: err });
    });
    return this.client;
  }
}

/** The PayFiP error a SOAP fault carries (`detail` → `FonctionnelleErreur` / `Tech…Erreur` {code, libelle, descriptif}). */
function payfipErrorOf(err: unknown): PayfipError | undefined {
  const fault = (err as { root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } } } | null)?.root?.Envelope?.Body?.Fault;
  if (!fault) return undefined;
  const detail = (fault.detail ?? fault.Detail) as Record<string, unknown> | undefined;
  for (const kind of ['FonctionnelleErreur', ...TECH_ERRORS]) {
    const e = detail?.[kind] as Record<string, unknown> | undefined;
    if (e && typeof e === 'object') return { kind, code: text(e.code) ?? '', label: text(e.libelle) ?? '', description: text(e.descriptif) ?? '' };
  }
  // a fault without PayFiP's detail: technical
  return { kind: 'SOAPFault', code: text(fault.faultcode) ?? '', label: text(fault.faultstring) ?? '', description: '' };
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '$value' in value) return text((value as { $value: unknown }).$value);
  return undefined;
}

function describe(err: unknown): string {
  const e = err as { response?: { status?: number }; code?: string; message?: string } | null;
  if (e?.response?.status) return `HTTP ${e.response.status}`;
  if (e?.code) return e.code;
  return e?.message ?? String(err);
}

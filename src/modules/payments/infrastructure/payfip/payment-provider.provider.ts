import { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { CreatedPayment, PaymentDetails, PaymentProvider, PaymentProviderUnavailable } from '../../domain/payment-provider';
import { operationIdOf } from './payfip-fields';
import { PayfipWsAdapter } from './payfip-ws.adapter';

/**
 * No PayFiP configured (production without PAYFIP_URL, or a simulator that did not start): online
 * payment is not offered. Every call fails as the platform being unavailable, with the reason.
 */
export class PaymentProviderNotConfigured extends PaymentProvider {
  static readonly MESSAGE = 'online payment is not offered: no PayFiP platform is configured (PAYFIP_URL)';

  create(): Promise<CreatedPayment> {
    return Promise.reject(new PaymentProviderUnavailable(PaymentProviderNotConfigured.MESSAGE));
  }

  details(): Promise<PaymentDetails> {
    return Promise.reject(new PaymentProviderUnavailable(PaymentProviderNotConfigured.MESSAGE));
  }

  operationIdOf(fields: Record<string, unknown>): string | undefined {
    return operationIdOf(fields);
  }
}

/**
 * The adapter for the effective PayFiP URL: the configured PAYFIP_URL, or the local simulator's
 * when main started it (main puts its URL in `config.payments.payfipUrl`).
 */
export function paymentProviderFor(config: AppConfig): PaymentProvider {
  const baseUrl = config.payments.payfipUrl;
  return baseUrl ? new PayfipWsAdapter({ baseUrl }) : new PaymentProviderNotConfigured();
}

/** Nest provider of the port: `constructor(private readonly provider: PaymentProvider)`. */
export const paymentProviderProvider: Provider = { provide: PaymentProvider, useFactory: paymentProviderFor, inject: [APP_CONFIG] };

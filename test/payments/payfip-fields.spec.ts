import { loadConfig } from '../../src/config/app-config';
import { PaymentProviderUnavailable } from '../../src/modules/payments/domain/payment-provider';
import { normalizeObjet, operationIdOf, readDetails, transactionAt } from '../../src/modules/payments/infrastructure/payfip/payfip-fields';
import { PayfipWsAdapter } from '../../src/modules/payments/infrastructure/payfip/payfip-ws.adapter';
import { PaymentProviderNotConfigured, paymentProviderFor } from '../../src/modules/payments/infrastructure/payfip/payment-provider.provider';
import { startDevPayfip } from '../../src/modules/payments';

describe('objet normalisation', () => {
  it.each([
    ["Facture n°42 — l'été à Saint-Étienne", 'Facture n42 l ete a Saint Etienne'],
    ['Cantine : mars/avril 2026 (Léa & Noé)', 'Cantine marsavril 2026 Lea Noe'], // other characters are dropped, not spaced,
    ['  Périscolaire   ÇA  ', 'Periscolaire CA'],
    ['Garçon d’Œuvre', 'Garcon d uvre'],
    ['€€€', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeObjet(input)).toBe(expected);
  });

  it('keeps at most 100 characters of [A-Za-z0-9 ]', () => {
    const out = normalizeObjet(`${'é'.repeat(60)} ${'b'.repeat(60)}`);
    expect(out).toHaveLength(100);
    expect(out).toMatch(/^[A-Za-z0-9 ]+$/);
    expect(normalizeObjet(`${'a'.repeat(99)} b`)).toBe('a'.repeat(99));
  });
});

describe('operationIdOf', () => {
  it.each<[Record<string, unknown>, string | undefined]>([
    [{ idOp: '0123456789abcdef0123456789abcdef' }, '0123456789abcdef0123456789abcdef'],
    [{ idop: 'cc0cb210-1cd4-11ea-8cca-0213ad91a103' }, 'cc0cb210-1cd4-11ea-8cca-0213ad91a103'],
    [{ idOp: 'A1', idop: 'B2' }, 'A1'],
    [{}, undefined],
    [{ idOp: '' }, undefined],
    [{ idOp: ['a', 'b'] }, undefined],
    [{ idOp: 42 }, undefined],
    [{ idOp: '../admin' }, undefined],
    [{ idOp: 'abc def' }, undefined],
    [{ idOp: '-abc' }, undefined],
    [{ idOp: 'a'.repeat(65) }, undefined],
    [{ idOp: "x' OR 1=1" }, undefined],
  ])('%j → %j', (fields, expected) => {
    expect(operationIdOf(fields)).toBe(expected);
  });

  it('ignores inherited properties', () => {
    expect(operationIdOf(Object.create({ idOp: 'abc' }) as Record<string, unknown>)).toBeUndefined();
  });
});

describe('transactionAt (dattrans DDMMYYYY, heurtrans HHMM, Europe/Paris)', () => {
  it.each([
    ['15012026', '0930', '2026-01-15T08:30:00.000Z'], // winter: UTC+1
    ['15072026', '0930', '2026-07-15T07:30:00.000Z'], // summer: UTC+2
    ['29032026', '0330', '2026-03-29T01:30:00.000Z'], // the morning the clocks go forward
    ['01012026', '', '2025-12-31T23:00:00.000Z'], // no time: midnight in Paris
  ])('%s %s → %s', (d, h, iso) => {
    expect(transactionAt(d, h)?.toISOString()).toBe(iso);
  });

  it.each([['', '0930'], ['2026-01-15', '0930'], ['32012026', '0930'], ['15132026', '0930']])('%j %j → undefined', (d, h) => {
    expect(transactionAt(d, h)).toBeUndefined();
  });
});

describe('readDetails', () => {
  it('keeps unexpected values as they are: an odd result code, a malformed amount (NaN never equals ours)', () => {
    const d = readDetails({ resultrans: 'Q', montant: '12,50', refdet: 'R1', numauto: '', exer: '2026' });
    expect(d).toMatchObject({ kind: 'result', code: 'Q', refdet: 'R1', authorizationNumber: undefined, exer: 2026, transactionAt: undefined });
    expect(d.amountCents).toBeNaN();
    expect(d.raw).toMatchObject({ resultrans: 'Q', montant: '12,50', dattrans: '', mel: '' });
  });
});

describe('the provider and the development default', () => {
  const config = (env: Record<string, string>, role: 'api' | 'worker' | 'all' = 'all') => loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x', ...env }, role);

  it('PAYFIP_URL → the web-service adapter on it', () => {
    const provider = paymentProviderFor(config({ PAYFIP_URL: 'https://www.payfip.gouv.fr/tpa/' }));
    expect(provider).toBeInstanceOf(PayfipWsAdapter);
    expect((provider as PayfipWsAdapter).serviceUrl).toBe('https://www.payfip.gouv.fr/tpa/services/securite');
    expect((provider as PayfipWsAdapter).redirectUrlOf('abc123')).toBe('https://www.payfip.gouv.fr/tpa/paiementws.web?idop=abc123');
  });

  it('none → a provider that refuses with a clear reason (online payment not offered)', async () => {
    const provider = paymentProviderFor(config({}));
    expect(provider).toBeInstanceOf(PaymentProviderNotConfigured);
    await expect(provider.details('abc')).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    await expect(provider.create({} as never)).rejects.toThrow(/PAYFIP_URL/);
    expect(provider.operationIdOf({ idOp: 'abc' })).toBe('abc');
  });

  it('startDevPayfip starts nothing with PAYFIP_URL, in production, or for a worker alone (and says why)', async () => {
    const said: string[] = [];
    expect(await startDevPayfip(config({ PAYFIP_URL: 'https://www.payfip.gouv.fr/tpa' }), (m) => said.push(m))).toBeUndefined();
    expect(said).toEqual([]);
    expect(await startDevPayfip(config({ NODE_ENV: 'production' }), (m) => said.push(m))).toBeUndefined();
    expect(said.pop()).toMatch(/no PAYFIP_URL: online payment is not offered/);
    expect(await startDevPayfip(config({}, 'worker'), (m) => said.push(m))).toBeUndefined();
    expect(said.pop()).toMatch(/set PAYFIP_URL/);
  });

  it('startDevPayfip (api, all) starts the simulator and answers its URL as PAYFIP_URL', async () => {
    const said: string[] = [];
    const dev = await startDevPayfip(config({ PAYFIP_SIMULATOR_PORT: '0' }, 'api'), (m) => said.push(m));
    try {
      expect(dev?.payments.payfipUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tpa$/);
      expect(said).toEqual([`no PAYFIP_URL: payments go to the local PayFiP simulator on ${dev!.payments.payfipUrl} (no card is charged; set PAYFIP_URL to use PayFiP)`]);
      const res = await fetch(`${dev!.payments.payfipUrl}/services/securite?wsdl`);
      expect(res.status).toBe(200);
      // no test controls in the development default
      expect((await fetch(`${new URL(dev!.payments.payfipUrl!).origin}/__control/operations`)).status).toBe(404);
    } finally {
      await dev?.stop();
    }
  });
});

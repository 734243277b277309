import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { CreatePaymentRequest, PaymentProviderRejected, PaymentProviderUnavailable } from '../../src/modules/payments/domain/payment-provider';
import { PayfipWsAdapter } from '../../src/modules/payments/infrastructure/payfip/payfip-ws.adapter';
import { PayfipSimulator, PayfipSimulatorControl, startPayfipSimulator } from '../../src/modules/payments/infrastructure/payfip/payfip-simulator';

/**
 * The PayFiP adapter against the real simulator process (real HTTP, real SOAP), and the simulator's
 * behaviour as PayFiP's: P5 before a choice, P1 unknown, single-use idOps, notification and return.
 */

/** A little urlnotif / urlredirect server: records what it receives. */
interface Receiver {
  url: string;
  received: { method: string; path: string; contentType: string | undefined; body: string }[];
  status: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const receiver = { received, status: 200 } as Receiver;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, path: req.url!, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

/** Retries an assertion until it holds (or throws its last failure). */
async function eventually(assertion: () => unknown, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

let sim: PayfipSimulator;
let control: PayfipSimulatorControl;
let adapter: PayfipWsAdapter;
let receiver: Receiver;
let refs = 0;

const request = (over: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => ({
  numcli: '123456',
  exer: 2026,
  refdet: `GUI${Date.now()}${++refs}`,
  amountCents: 4250,
  objet: 'Facture F-2026-0042 cantine',
  mel: 'marie.dupont@exemple.fr',
  saisie: 'T',
  urlnotif: `${receiver.url}/api/payments/payfip/notification`,
  urlredirect: `${receiver.url}/api/payments/payfip/return`,
  ...over,
});

beforeAll(async () => {
  [sim, receiver] = await Promise.all([startPayfipSimulator({ port: 0, faults: true }), startReceiver()]);
  control = sim.control!;
  adapter = new PayfipWsAdapter({ baseUrl: sim.url, timeoutMs: 1_000 });
});

afterAll(async () => {
  await sim?.stop();
  await receiver?.close();
});

beforeEach(async () => {
  await control.reset();
  receiver.received.length = 0;
  receiver.status = 200;
});

describe('create', () => {
  it('answers the idOp and the address of the payment page; the simulator received the normalised fields', async () => {
    const req = request({ objet: "Facture n°42 — l'été à Saint-Étienne" });
    const created = await adapter.create(req);
    expect(created.operationId).toMatch(/^[a-f0-9]{32}$/);
    expect(created.redirectUrl).toBe(`${sim.url}/paiementws.web?idop=${created.operationId}`);
    const op = await control.operation(created.operationId);
    expect(op).toMatchObject({
      numcli: '123456',
      exer: '2026',
      refdet: req.refdet,
      montant: '4250',
      objet: 'Facture n42 l ete a Saint Etienne',
      mel: req.mel,
      saisie: 'T',
      urlnotif: req.urlnotif,
      urlredirect: req.urlredirect,
      result: null,
    });
  });

  it('gives a new idOp for every attempt', async () => {
    const [a, b] = [await adapter.create(request()), await adapter.create(request())];
    expect(a.operationId).not.toBe(b.operationId);
  });

  it.each<[string, Partial<CreatePaymentRequest>]>([
    ['numcli', { numcli: '12345' }],
    ['numcli', { numcli: '12345a' }],
    ['exer', { exer: 26 }],
    ['refdet', { refdet: '' }],
    ['refdet', { refdet: 'F-2026-0042' }],
    ['refdet', { refdet: 'A'.repeat(31) }],
    ['montant', { amountCents: 99 }],
    ['montant', { amountCents: 10_000_001 }],
    ['montant', { amountCents: 1000.5 }],
    ['mel', { mel: 'a@b.c' }],
    ['mel', { mel: 'pas-une-adresse.fr' }],
    ['mel', { mel: `${'a'.repeat(76)}@b.fr` }],
    ['saisie', { saisie: 'M' as never }],
    ['urlnotif', { urlnotif: '/api/payments/payfip/notification' }],
    ['urlredirect', { urlredirect: 'javascript:alert(1)' }],
  ])('refuses a bad %s before calling PayFiP (%j)', async (field, over) => {
    const before = (await control.operations()).length;
    await expect(adapter.create(request(over))).rejects.toThrow(new RegExp(`^PayFiP field ${field}:`));
    await expect(adapter.create(request(over))).rejects.toBeInstanceOf(RangeError);
    expect(await control.operations()).toHaveLength(before);
  });

  it('accepts the limits: 1,00 € and 100 000 €, 30-character refdet, 6- and 80-character mel', async () => {
    await expect(adapter.create(request({ amountCents: 100, mel: 'a@b.fr' }))).resolves.toBeDefined();
    await expect(adapter.create(request({ amountCents: 10_000_000, refdet: 'A'.repeat(30), mel: `${'a'.repeat(75)}@b.fr` }))).resolves.toBeDefined();
  });
});

describe('details', () => {
  it('is pending (P5) before the payer chooses, unknown (P1) for an idOp PayFiP never gave', async () => {
    const { operationId } = await adapter.create(request());
    await expect(adapter.details(operationId)).resolves.toEqual({ kind: 'pending' });
    await expect(adapter.details('0123456789abcdef0123456789abcdef')).resolves.toEqual({ kind: 'unknown' });
  });

  it('paid by card: P with the authorisation number, the amount, the reference and the time on the Paris clock', async () => {
    const req = request();
    const { operationId } = await adapter.create(req);
    const before = Date.now();
    await control.choose(operationId, 'P');
    const details = await adapter.details(operationId);
    expect(details).toMatchObject({
      kind: 'result',
      code: 'P',
      amountCents: 4250,
      refdet: req.refdet,
      numcli: '123456',
      exer: 2026,
      mel: req.mel,
      objet: 'Facture F 2026 0042 cantine',
      saisie: 'T',
    });
    if (details.kind !== 'result') throw new Error('no result');
    expect(details.authorizationNumber).toMatch(/^\d{6}$/);
    // dattrans/heurtrans have minute precision, on Europe/Paris
    expect(details.transactionAt!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 60_000) * 60_000);
    expect(details.transactionAt!.getTime()).toBeLessThanOrEqual(Date.now());
    const paris = DateTime.fromJSDate(details.transactionAt!).setZone('Europe/Paris');
    expect(details.raw.dattrans).toBe(paris.toFormat('ddMMyyyy'));
    expect(details.raw.heurtrans).toBe(paris.toFormat('HHmm'));
    expect(details.raw).toMatchObject({ idOp: operationId, resultrans: 'P', montant: '4250' });
  });

  it.each([
    ['R', 'refused'],
    ['A', 'abandoned'],
    ['V', 'paid by direct debit'],
    ['Z', 'direct debit refused'],
  ] as const)('%s (%s) comes back as such; no authorisation number unless paid', async (code, _meaning) => {
    const { operationId } = await adapter.create(request());
    await control.choose(operationId, code);
    const details = await adapter.details(operationId);
    expect(details).toMatchObject({ kind: 'result', code, amountCents: 4250 });
    if (details.kind !== 'result') throw new Error('no result');
    expect(details.authorizationNumber === undefined).toBe(code !== 'V');
  });

  it('an idOp is single-use: a second choice is refused, the first result stays', async () => {
    const { operationId } = await adapter.create(request());
    await control.choose(operationId, 'A');
    await expect(control.choose(operationId, 'P')).rejects.toMatchObject({ status: 409 });
    await expect(adapter.details(operationId)).resolves.toMatchObject({ code: 'A' });
  });

  it('P5 for the next calls, or for a while, even after a choice (control)', async () => {
    const { operationId } = await adapter.create(request());
    await control.choose(operationId, 'P');
    await control.configure({ pendingCalls: 2 });
    await expect(adapter.details(operationId)).resolves.toEqual({ kind: 'pending' });
    await expect(adapter.details(operationId)).resolves.toEqual({ kind: 'pending' });
    await expect(adapter.details(operationId)).resolves.toMatchObject({ code: 'P' });
    await control.configure({ pendingForMs: 300 });
    await expect(adapter.details(operationId)).resolves.toEqual({ kind: 'pending' });
    await new Promise((r) => setTimeout(r, 350));
    await expect(adapter.details(operationId)).resolves.toMatchObject({ code: 'P' });
  });

  it('a changed amount or reference comes back as PayFiP sends it (the caller compares)', async () => {
    const req = request();
    const { operationId } = await adapter.create(req);
    await control.choose(operationId, 'P');
    await control.configure({ detailsOverride: { montant: '1', refdet: 'AUTRE' } });
    await expect(adapter.details(operationId)).resolves.toMatchObject({ amountCents: 1, refdet: 'AUTRE' });
    await control.configure({ detailsOverride: null });
    await expect(adapter.details(operationId)).resolves.toMatchObject({ amountCents: 4250, refdet: req.refdet });
  });

  it('refuses a malformed operation id without calling', async () => {
    await expect(adapter.details('../../etc')).rejects.toBeInstanceOf(RangeError);
  });
});

describe('failures', () => {
  it('a functional error other than P1/P5 is PaymentProviderRejected with its code and label', async () => {
    await control.configure({ functionalErrorCalls: 1, functionalErrorCode: 'R3' });
    await expect(adapter.create(request())).rejects.toEqual(expect.objectContaining({ name: 'PaymentProviderRejected', code: 'R3', label: 'Demande refusée (simulateur)' }));
    const { operationId } = await adapter.create(request());
    await control.configure({ functionalErrorCalls: 1, functionalErrorCode: 'P7' });
    await expect(adapter.details(operationId)).rejects.toBeInstanceOf(PaymentProviderRejected);
    await control.configure({ functionalErrorCalls: 1, functionalErrorCode: 'P1' });
    await expect(adapter.details(operationId)).resolves.toEqual({ kind: 'unknown' });
  });

  it("the simulator checks the fields like PayFiP: a fault in PayFiP's shape", async () => {
    const res = await fetch(`${sim.url}/services/securite`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: '""' },
      body:
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pai="http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService">' +
        '<soapenv:Body><pai:creerPaiementSecurise><arg0><exer>2026</exer><mel>a@b.fr</mel><montant>50</montant><numcli>123456</numcli><objet>x</objet>' +
        '<refdet>R1</refdet><saisie>T</saisie><urlnotif>http://a.fr/n</urlnotif><urlredirect>http://a.fr/r</urlredirect></arg0></pai:creerPaiementSecurise></soapenv:Body></soapenv:Envelope>',
    });
    expect(res.status).toBe(500);
    const xml = await res.text();
    expect(xml).toContain('<faultstring>fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur</faultstring>');
    expect(xml).toMatch(/<ns1:FonctionnelleErreur xmlns:ns1="[^"]+"><code>SIM-MONTANT<\/code>/);
    expect(await control.operations()).toHaveLength(0);
  });

  it('a Tech…Erreur fault is PaymentProviderUnavailable (create and details)', async () => {
    const { operationId } = await adapter.create(request());
    await control.configure({ techErrorCalls: 2 });
    await expect(adapter.create(request())).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    await expect(adapter.details(operationId)).rejects.toThrow(/TechIndisponibiliteErreur/);
    await expect(adapter.details(operationId)).resolves.toEqual({ kind: 'pending' });
  });

  it('HTTP 503 is PaymentProviderUnavailable', async () => {
    const { operationId } = await adapter.create(request());
    await control.configure({ http503Calls: 2 });
    await expect(adapter.create(request())).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    await expect(adapter.details(operationId)).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    await expect(adapter.details(operationId)).resolves.toEqual({ kind: 'pending' });
  });

  it('a platform slower than the timeout is PaymentProviderUnavailable', async () => {
    const { operationId } = await adapter.create(request());
    await control.configure({ slowCalls: 1, slowMs: 1_500 });
    const started = Date.now();
    await expect(adapter.details(operationId)).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    expect(Date.now() - started).toBeLessThan(1_450);
  });

  it('an address that is not the SOAP service (an HTML 404) is PaymentProviderUnavailable', async () => {
    const wrong = new PayfipWsAdapter({ baseUrl: new URL(sim.url).origin }); // /tpa forgotten
    await expect(wrong.create(request())).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    await expect(wrong.details('0123456789abcdef0123456789abcdef')).rejects.toBeInstanceOf(PaymentProviderUnavailable);
  });

  it('a platform that does not answer at all is PaymentProviderUnavailable', async () => {
    const closed = await startReceiver();
    const deadUrl = closed.url;
    await closed.close();
    const down = new PayfipWsAdapter({ baseUrl: `${deadUrl}/tpa`, timeoutMs: 1_000 });
    await expect(down.create(request())).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    await expect(down.details('0123456789abcdef0123456789abcdef')).rejects.toBeInstanceOf(PaymentProviderUnavailable);
  });
});

describe('notification and browser return', () => {
  const notifications = () => receiver.received.filter((r) => r.path === '/api/payments/payfip/notification');

  it('a choice POSTs idOp=<id> form-urlencoded to urlnotif, once', async () => {
    const { operationId } = await adapter.create(request());
    await control.choose(operationId, 'P');
    await eventually(async () => expect(notifications()).toHaveLength(1));
    expect(notifications()[0]).toMatchObject({ method: 'POST', contentType: 'application/x-www-form-urlencoded', body: `idOp=${operationId}` });
    expect(adapter.operationIdOf(Object.fromEntries(new URLSearchParams(notifications()[0].body)))).toBe(operationId);
    await eventually(async () => expect((await control.operation(operationId)).notifications).toEqual([expect.objectContaining({ status: 200, error: null })]));
    await new Promise((r) => setTimeout(r, 200));
    expect(notifications()).toHaveLength(1);
  });

  it('twice, late, or never (controls); a failed delivery is recorded', async () => {
    await control.configure({ notifyCount: 2 });
    const twice = await adapter.create(request());
    await control.choose(twice.operationId, 'P');
    await eventually(async () => expect(notifications()).toHaveLength(2));

    receiver.received.length = 0;
    await control.configure({ notifyCount: 1, notifyDelayMs: 400 });
    const late = await adapter.create(request());
    const chosenAt = Date.now();
    await control.choose(late.operationId, 'R');
    await eventually(async () => expect(notifications()).toHaveLength(1), 3_000);
    expect(Date.now() - chosenAt).toBeGreaterThanOrEqual(390);

    receiver.received.length = 0;
    await control.configure({ notifyCount: 0, notifyDelayMs: 0 });
    const never = await adapter.create(request());
    await control.choose(never.operationId, 'A');
    await new Promise((r) => setTimeout(r, 300));
    expect(notifications()).toHaveLength(0);
    expect((await control.operation(never.operationId)).notifications).toEqual([]);

    receiver.status = 500;
    const sent = await control.notify(never.operationId);
    expect(sent).toMatchObject({ status: 500, error: null });
    expect(notifications()).toEqual([expect.objectContaining({ body: `idOp=${never.operationId}` })]);
  });

  it('the payment page: French, accessible, amount/objet/reference, three choices; unknown or used idOp refused', async () => {
    const req = request({ amountCents: 123456, objet: 'Cantine mars' });
    const { redirectUrl, operationId } = await adapter.create(req);
    const res = await fetch(redirectUrl);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Paiement sécurisé — simulateur PayFiP</h1>');
    expect(html).toMatch(/<dd>1\s234,56\s€<\/dd>/u);
    expect(html).toContain('Cantine mars');
    expect(html).toContain(req.refdet);
    for (const [value, label] of [['P', 'Payer par carte'], ['R', 'Carte refusée'], ['A', 'Abandonner']]) {
      expect(html).toContain(`<button type="submit" name="resultrans" value="${value}">${label}</button>`);
    }
    expect(html).toContain(`<input type="hidden" name="idop" value="${operationId}">`);

    expect((await fetch(`${sim.url}/paiementws.web?idop=0123456789abcdef0123456789abcdef`)).status).toBe(404);
    await control.choose(operationId, 'A');
    const used = await fetch(redirectUrl);
    expect(used.status).toBe(409);
    expect(await used.text()).toContain('déjà terminée');
  });

  it('the page form: the choice is recorded, notified, and the browser goes back to urlredirect by an auto-submitted POST with idOp', async () => {
    const req = request();
    const { operationId } = await adapter.create(req);
    const res = await fetch(`${sim.url}/paiementws.web`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ idop: operationId, resultrans: 'P' }).toString(),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<form id="retour" method="post" action="${req.urlredirect}">`);
    expect(html).toContain(`<input type="hidden" name="idOp" value="${operationId}">`);
    expect(html).toContain('<button type="submit">Retourner sur le site</button>');
    expect(html).toContain("document.getElementById('retour').submit()");
    await expect(adapter.details(operationId)).resolves.toMatchObject({ kind: 'result', code: 'P' });
    await eventually(async () => expect(notifications()).toHaveLength(1));

    // what the browser then posts, read like the return endpoint will read it
    expect(adapter.operationIdOf({ idOp: operationId })).toBe(operationId);

    // single-use through the page too
    const again = await fetch(`${sim.url}/paiementws.web`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ idop: operationId, resultrans: 'R' }).toString(),
    });
    expect(again.status).toBe(409);
  });

  it('an expired idOp can no longer be paid; its details stay P5', async () => {
    const { operationId, redirectUrl } = await adapter.create(request());
    await control.expire(operationId);
    expect((await fetch(redirectUrl)).status).toBe(410);
    await expect(control.choose(operationId, 'P')).rejects.toMatchObject({ status: 410 });
    await expect(adapter.details(operationId)).resolves.toEqual({ kind: 'pending' });
  });

  it('serves its WSDL at ?wsdl with its own address', async () => {
    const res = await fetch(`${sim.url}/services/securite?wsdl`);
    expect(res.status).toBe(200);
    const wsdl = await res.text();
    expect(wsdl).toContain('name="creerPaiementSecurise"');
    expect(wsdl).toContain(`<soap:address location="${sim.url}/services/securite"/>`);
  });
});

describe('the control API', () => {
  it('is absent without faults', async () => {
    const plain = await startPayfipSimulator({ port: 0 });
    try {
      expect(plain.control).toBeUndefined();
      const res = await fetch(`${new URL(plain.url).origin}/__control/operations`);
      expect(res.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });

  it('refuses malformed settings', async () => {
    await expect(control.configure({ notifyCount: -1 })).rejects.toMatchObject({ status: 400 });
    await expect(control.configure({ detailsOverride: { montant: 1 as never } })).rejects.toMatchObject({ status: 400 });
  });
});

describe('wire variants of the real platform (a stub answering fixed envelopes)', () => {
  const NS = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';
  const REP = 'http://securite.service.tpa.cp.finances.gouv.fr/reponse';
  let stub: Server;
  let stubUrl: string;
  let answer: { status: number; body: string };
  const requests: string[] = [];

  beforeAll(async () => {
    stub = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(answer.status, { 'content-type': 'text/xml; charset=utf-8' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/tpa`;
  });
  afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));

  const env = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

  it('sends what the known clients send: the operation in the service namespace, arg0 and its fields unqualified, in order', async () => {
    answer = { status: 200, body: env(`<ns1:creerPaiementSecuriseResponse xmlns:ns1="${NS}"><return><idOp>abc123</idOp></return></ns1:creerPaiementSecuriseResponse>`) };
    const req = request({ objet: 'Cantine' });
    await expect(new PayfipWsAdapter({ baseUrl: stubUrl }).create(req)).resolves.toEqual({ operationId: 'abc123', redirectUrl: `${stubUrl}/paiementws.web?idop=abc123` });
    const sent = requests.at(-1)!;
    expect(sent).toContain(`xmlns:tns="${NS}"`);
    expect(sent).toContain(
      `<tns:creerPaiementSecurise><arg0><exer>2026</exer><mel>${req.mel}</mel><montant>4250</montant><numcli>123456</numcli><objet>Cantine</objet>` +
        `<refdet>${req.refdet}</refdet><saisie>T</saisie><urlnotif>${req.urlnotif}</urlnotif><urlredirect>${req.urlredirect}</urlredirect></arg0></tns:creerPaiementSecurise>`,
    );
  });

  it('reads a return whose fields are qualified (reponse namespace) as well', async () => {
    answer = {
      status: 200,
      body: env(
        `<ns:recupererDetailPaiementSecuriseResponse xmlns:ns="${NS}"><return xmlns:r="${REP}"><r:dattrans>05122026</r:dattrans><r:exer>2026</r:exer>` +
          `<r:heurtrans>1407</r:heurtrans><r:idOp>abc123</r:idOp><r:mel>a@b.fr</r:mel><r:montant>4250</r:montant><r:numauto>123456</r:numauto>` +
          `<r:numcli>123456</r:numcli><r:objet>Cantine</r:objet><r:refdet>R1</r:refdet><r:resultrans>P</r:resultrans><r:saisie>T</r:saisie></return>` +
          `</ns:recupererDetailPaiementSecuriseResponse>`,
      ),
    };
    await expect(new PayfipWsAdapter({ baseUrl: stubUrl }).details('abc123')).resolves.toMatchObject({
      kind: 'result',
      code: 'P',
      amountCents: 4250,
      refdet: 'R1',
      authorizationNumber: '123456',
      transactionAt: new Date('2026-12-05T13:07:00.000Z'),
    });
  });

  it('an empty numauto is no authorisation number', async () => {
    answer = {
      status: 200,
      body: env(
        `<ns1:recupererDetailPaiementSecuriseResponse xmlns:ns1="${NS}"><return><dattrans>05122026</dattrans><exer>2026</exer><heurtrans>1407</heurtrans>` +
          `<idOp>abc123</idOp><mel>a@b.fr</mel><montant>4250</montant><numauto/><numcli>123456</numcli><objet/><refdet>R1</refdet>` +
          `<resultrans>A</resultrans><saisie>T</saisie></return></ns1:recupererDetailPaiementSecuriseResponse>`,
      ),
    };
    const details = await new PayfipWsAdapter({ baseUrl: stubUrl }).details('abc123');
    expect(details).toMatchObject({ kind: 'result', code: 'A', authorizationNumber: undefined, objet: '' });
  });

  it('a P5 fault answered with HTTP 200 is still pending; a fault without PayFiP detail is Unavailable', async () => {
    const fault = (detail: string) =>
      env(`<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur</faultstring>${detail}</soapenv:Fault>`);
    answer = { status: 200, body: fault(`<detail><ns1:FonctionnelleErreur xmlns:ns1="${NS}"><code>P5</code><descriptif>x</descriptif><libelle>x</libelle><severite>2</severite></ns1:FonctionnelleErreur></detail>`) };
    await expect(new PayfipWsAdapter({ baseUrl: stubUrl }).details('abc123')).resolves.toEqual({ kind: 'pending' });
    answer = { status: 500, body: fault('') };
    await expect(new PayfipWsAdapter({ baseUrl: stubUrl }).details('abc123')).rejects.toBeInstanceOf(PaymentProviderUnavailable);
  });

  it('an idOp that is not a sane token is Unavailable, never passed on', async () => {
    answer = { status: 200, body: env(`<ns1:creerPaiementSecuriseResponse xmlns:ns1="${NS}"><return><idOp>../x?y</idOp></return></ns1:creerPaiementSecuriseResponse>`) };
    await expect(new PayfipWsAdapter({ baseUrl: stubUrl }).create(request())).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    answer = { status: 200, body: env(`<ns1:creerPaiementSecuriseResponse xmlns:ns1="${NS}"><return/></ns1:creerPaiementSecuriseResponse>`) };
    await expect(new PayfipWsAdapter({ baseUrl: stubUrl }).create(request())).rejects.toBeInstanceOf(PaymentProviderUnavailable);
  });
});

describe('concurrency', () => {
  it('one adapter serves concurrent calls: 20 creations, 20 operations', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, () => adapter.create(request())));
    expect(new Set(created.map((c) => c.operationId)).size).toBe(20);
    expect(await control.operations()).toHaveLength(20);
  });
});


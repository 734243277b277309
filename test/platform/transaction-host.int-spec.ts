import { TransactionHost } from '../../src/platform/database/transaction-host';
import { startTestApp, TestApp } from '../support/test-app';

/** Transactions run at the level asked, whether or not TransactionHost names it to PostgreSQL. */
describe('TransactionHost on PostgreSQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(() => t?.close());

  it('runs READ COMMITTED by default and SERIALIZABLE when asked, inside a transaction', async () => {
    const txHost = t.app.get(TransactionHost);
    const level = () => txHost.tx.query(`SELECT current_setting('transaction_isolation') AS level, now() = statement_timestamp() AS fresh`);
    const [committed] = await txHost.withTransaction(async () => {
      await txHost.tx.query('SELECT pg_sleep(0.01)');
      return level();
    });
    expect(committed).toEqual({ level: 'read committed', fresh: false });
    expect((await txHost.withTransaction(() => level(), 'SERIALIZABLE'))[0]).toMatchObject({ level: 'serializable' });
  });
});

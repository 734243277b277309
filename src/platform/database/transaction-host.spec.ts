import { DataSource, EntityManager } from 'typeorm';
import { TransactionHost } from './transaction-host';

describe('TransactionHost', () => {
  const defaultManager = { name: 'default' } as unknown as EntityManager;
  const txManager = { name: 'tx' } as unknown as EntityManager;
  const transaction = jest.fn((_: string, fn: (m: EntityManager) => Promise<unknown>) => fn(txManager));
  const host = new TransactionHost({ manager: defaultManager, transaction } as unknown as DataSource);

  beforeEach(() => transaction.mockClear());

  it('gives the default manager outside a transaction', () => {
    expect(host.tx).toBe(defaultManager);
    expect(host.isTransactionActive()).toBe(false);
  });

  it('gives the transaction manager inside, across awaits', async () => {
    await host.withTransaction(async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(host.tx).toBe(txManager);
      expect(host.isTransactionActive()).toBe(true);
    });
    expect(host.tx).toBe(defaultManager);
  });

  it('joins the current transaction instead of nesting one', async () => {
    await host.withTransaction(() => host.withTransaction(async () => expect(host.tx).toBe(txManager)));
    expect(transaction).toHaveBeenCalledTimes(1);
  });

  it("starts a transaction at the connections' default level without naming the level (no SET TRANSACTION)", async () => {
    const calls: unknown[][] = [];
    const dataSource = {
      manager: defaultManager,
      query: async () => [{ level: 'READ COMMITTED' }],
      transaction: (...args: unknown[]) => {
        calls.push(args.slice(0, -1));
        return (args[args.length - 1] as (m: EntityManager) => Promise<unknown>)(txManager);
      },
    } as unknown as DataSource;
    const withDefault = new TransactionHost(dataSource);
    await withDefault.onModuleInit();
    await withDefault.withTransaction(async () => expect(withDefault.tx).toBe(txManager));
    await withDefault.withTransaction(async () => undefined, 'SERIALIZABLE');
    expect(calls).toEqual([[], ['SERIALIZABLE']]);
  });

  it('keeps concurrent transactions apart', async () => {
    const seen: string[] = [];
    const other = { name: 'other' } as unknown as EntityManager;
    const twoHost = new TransactionHost({
      manager: defaultManager,
      transaction: (_: string, fn: (m: EntityManager) => Promise<unknown>) => fn(seen.length ? other : txManager),
    } as unknown as DataSource);
    await Promise.all([
      twoHost.withTransaction(async () => {
        seen.push('a');
        await new Promise((r) => setTimeout(r, 5));
        expect(twoHost.tx).toBe(txManager);
      }),
      twoHost.withTransaction(async () => {
        seen.push('b');
        expect(twoHost.tx).toBe(other);
      }),
    ]);
  });
});

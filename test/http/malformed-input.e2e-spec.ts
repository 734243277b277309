import { bearer, newSession } from '../factories/identity.factory';
import { guardianOf, newFamily } from '../factories/family.factory';
import { startTestApp, TestApp } from '../support/test-app';

type Schema = { $ref?: string; properties?: Record<string, Schema>; type?: string };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> } };

/**
 * Every JSON route of the OpenAPI document, called by a signed-in user of the right role with bodies
 * of the wrong shape: each property of the wrong type, too long, a list, null, unknown fields. The
 * answer is always a 4xx problem that names fields, never a 5xx, and nothing is written.
 */
describe('malformed bodies on every route', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(() => t?.close());

  const rowCounts = async (): Promise<Record<string, number>> => {
    const tables: { name: string }[] = await t.dataSource.query(
      `SELECT schemaname || '.' || relname AS name FROM pg_stat_user_tables
        WHERE schemaname IN ('identity', 'family', 'reservations', 'billing', 'payments', 'notifications') ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${name}`))[0].n;
    // sessions are the callers' own; nothing else may move
    delete counts['identity.session'];
    return counts;
  };

  it('answers 4xx naming the fields, and writes nothing', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/api/docs-json' })).json() as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
    const resolve = (s?: Schema): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);

    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family, 0)).headers;
    const admin = bearer((await newSession(t.dataSource, 'admin')).token);
    const ids: Record<string, string> = { childId: family.children[0].id, id: family.id };
    const before = await rowCounts();

    const failures: string[] = [];
    let calls = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const schema = resolve(op.requestBody?.content?.['application/json']?.schema);
        if (!schema?.properties || path.startsWith('/api/auth/')) continue;
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000000');
        const headers = /^\/api\/(staff|admin)\//.test(path) ? admin : guardian;
        const props = Object.keys(schema.properties);
        const each = (value: unknown) => Object.fromEntries(props.map((p) => [p, value]));
        const payloads: [string, unknown][] = [
          ['numbers', each(12345)],
          ['objects', each({ $gt: '' })],
          ['lists', each([1, [2], { a: 3 }])],
          ['long strings', each('x'.repeat(20_000))],
          ['nulls', each(null)],
          ['a list', [each('x')]],
          ['a string', 'x'],
          ['unknown fields', { unknownField: 1, __proto__x: 1 }],
          // refused by the JSON parser itself (prototype poisoning): a 400 without fields
          ['a poisoned prototype', { constructor: { prototype: { admin: true } } }],
        ];
        for (const [name, payload] of payloads) {
          calls++;
          const res = await t.inject({ method: method.toUpperCase() as 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
          const problem = res.statusCode >= 400 && res.statusCode < 500 && res.headers['content-type']?.toString().startsWith('application/problem+json');
          const namesFields = res.statusCode !== 400 || name === 'a poisoned prototype' || (res.json().errors ?? []).length > 0;
          if (!problem || !namesFields) failures.push(`${method.toUpperCase()} ${path} (${name}): ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });
});

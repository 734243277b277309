import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { Public } from '../../src/platform/http';
import { bearer, newSession } from '../factories/identity.factory';
import { startTestApp, TestApp } from '../support/test-app';

class ChildDto {
  @IsString() @Length(1, 50) firstName: string;
}
class ProbeBody {
  @IsEmail() email: string;
  @IsInt() @Min(0) amountCents: number;
  @ValidateNested({ each: true }) @Type(() => ChildDto) children: ChildDto[];
}

@Public()
@Controller('test-probe')
class ProbeController {
  @Post()
  create(@Body() body: ProbeBody) {
    return { ok: true, email: body.email };
  }

  @Get('boom')
  boom() {
    throw new Error('duplicate key value violates unique constraint "secret_idx" SELECT * FROM identity.account');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('HTTP contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], role: 'api' });
  });
  afterAll(() => t?.close());

  it('GET /health reports the database and the queue', async () => {
    const res = await t.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: { status: 'up' }, queue: { status: 'up', backend: 'redis' } });
  });

  it('serves the OpenAPI UI and JSON', async () => {
    const ui = await t.inject({ method: 'GET', url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const json = await t.inject({ method: 'GET', url: '/api/docs-json' });
    expect(json.json().openapi).toMatch(/^3\./);
    expect(Object.keys(json.json().paths)).toEqual(expect.arrayContaining(['/health', '/api/admin/events/dead-letters']));
  });

  it('rejects unknown fields and names every wrong field, in one problem-details shape', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/test-probe',
      payload: { email: 'not-an-email', amountCents: 12.5, children: [{ firstName: '' }], isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ type: expect.stringContaining('validation'), title: 'Requête invalide', status: 400, code: 'validation' });
    expect(body.correlationId).toBe(res.headers['x-request-id']);
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'amountCents', 'children[0].firstName', 'isAdmin']));
  });

  it('accepts a valid body', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/test-probe', payload: { email: 'a@b.fr', amountCents: 100, children: [] } });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['malformed JSON', '{"email":', 'application/json', 400],
    ['a JSON array instead of an object', '[1,2]', 'application/json', 400],
    ['an unsupported content type', 'email=a', 'text/plain', 415],
  ])('answers %s with a 4xx problem', async (_, payload, contentType, status) => {
    const res = await t.inject({ method: 'POST', url: '/api/test-probe', payload, headers: { 'content-type': contentType } });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ status, correlationId: expect.any(String) });
  });

  it('answers an oversized body with 413', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/test-probe', payload: { email: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().status).toBe(413);
  });

  it('never shows a stack trace or SQL in a 500', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/test-probe/boom' });
    expect(res.statusCode).toBe(500);
    const text = res.body;
    expect(text).not.toMatch(/SELECT|constraint|secret_idx|at .*\.ts|Error:/);
    expect(res.json()).toMatchObject({ status: 500, code: 'internal', detail: expect.stringMatching(/Référence : [0-9a-f-]{36}/) });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, title: 'Ressource introuvable' });
  });

  it('keeps a safe caller request id and replaces an unsafe one', async () => {
    const kept = await t.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('back-office access', () => {
    const url = '/api/admin/events/dead-letters';

    it('refuses anonymous callers with 401', async () => {
      const res = await t.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
    });

    it('refuses a forged or expired token with 401', async () => {
      expect((await t.inject({ method: 'GET', url, headers: bearer('x'.repeat(43)) })).statusCode).toBe(401);
      const { token, accountId } = await newSession(t.dataSource, 'staff');
      await t.dataSource.query(`UPDATE identity.session SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [accountId]);
      expect((await t.inject({ method: 'GET', url, headers: bearer(token) })).statusCode).toBe(401);
    });

    it('refuses a revoked session and a disabled account with 401', async () => {
      const revoked = await newSession(t.dataSource, 'staff');
      await t.dataSource.query(`UPDATE identity.session SET revoked_at = now() WHERE account_id = $1`, [revoked.accountId]);
      expect((await t.inject({ method: 'GET', url, headers: bearer(revoked.token) })).statusCode).toBe(401);
      const disabled = await newSession(t.dataSource, 'staff');
      await t.dataSource.query(`UPDATE identity.account SET disabled_at = now() WHERE id = $1`, [disabled.accountId]);
      expect((await t.inject({ method: 'GET', url, headers: bearer(disabled.token) })).statusCode).toBe(401);
    });

    it('refuses a guardian with 403', async () => {
      const { token } = await newSession(t.dataSource, 'guardian');
      const res = await t.inject({ method: 'GET', url, headers: bearer(token) });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    });

    it('lets staff and admin in, via bearer token or session cookie', async () => {
      const staff = await newSession(t.dataSource, 'staff');
      expect((await t.inject({ method: 'GET', url, headers: bearer(staff.token) })).statusCode).toBe(200);
      const admin = await newSession(t.dataSource, 'admin');
      expect((await t.inject({ method: 'GET', url, headers: { cookie: `guichet_session=${admin.token}` } })).json()).toEqual([]);
    });

    it('rejects unknown and wrong query parameters', async () => {
      const { token } = await newSession(t.dataSource, 'staff');
      const res = await t.inject({ method: 'GET', url: `${url}?limit=0&status=lost&extra=1`, headers: bearer(token) });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'limit', 'status']);
    });
  });
});

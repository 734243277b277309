import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export type TestRole = 'guardian' | 'staff' | 'admin';

/** Inserts an account with a live session; returns the bearer token. */
export async function newSession(dataSource: DataSource, role: TestRole, overrides: { email?: string } = {}): Promise<{ token: string; accountId: string }> {
  const email = overrides.email ?? `${role}-${randomBytes(6).toString('hex')}@test.guichet.dev`;
  const [account] = await dataSource.query(
    `INSERT INTO identity.account (email, role, display_name) VALUES ($1, $2, $3) RETURNING id`,
    [email, role, `Test ${role}`],
  );
  const token = randomBytes(32).toString('base64url');
  await dataSource.query(
    `INSERT INTO identity.session (account_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
    [account.id, createHash('sha256').update(token).digest()],
  );
  return { token, accountId: account.id };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Inserts an account with a password (argon2id), for login tests. */
export async function newAccount(
  dataSource: DataSource,
  role: TestRole,
  password = 'Motdepasse9?',
): Promise<{ id: string; email: string; password: string }> {
  const { hash } = await import('@node-rs/argon2');
  const email = `${role}-${randomBytes(6).toString('hex')}@test.guichet.dev`;
  const [account] = await dataSource.query(
    `INSERT INTO identity.account (email, role, display_name, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
    [email, role, `Test ${role}`, await hash(password)],
  );
  return { id: account.id, email, password };
}

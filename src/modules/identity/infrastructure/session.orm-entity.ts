import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A login session. Only the SHA-256 of the token is stored; the token itself never is. */
@Entity({ schema: 'identity', name: 'session' })
export class SessionOrmEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'token_hash', type: 'bytea', unique: true }) tokenHash: Buffer;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'csrf_hash', type: 'bytea', nullable: true }) csrfHash: Buffer | null;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ name: 'user_agent', type: 'text', nullable: true }) userAgent: string | null;
  /** SSO sessions: the provider's ID token, id_token_hint of the provider logout */
  @Column({ name: 'sso_id_token', type: 'text', nullable: true }) ssoIdToken: string | null;
}

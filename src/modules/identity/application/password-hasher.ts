import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** argon2id (memory-hard) with the library's defaults: m=19 MiB, t=2, p=1 (OWASP's minimum). */
@Injectable()
export class PasswordHasher {
  /** A hash of nothing in particular, verified when the account does not exist (same timing). */
  private readonly dummy = hash('guichet-timing-equaliser');

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash ?? (await this.dummy), password).then((ok) => ok && passwordHash !== null);
    } catch {
      return false;
    }
  }
}

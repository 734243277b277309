import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationError } from './application-error';

export class TooManyRequestsError extends ApplicationError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', 'rate-limited', message);
  }
}

/**
 * Fixed-window counters in PostgreSQL (platform.rate_limit), so that limits hold across API
 * instances. One statement per hit: increment, or restart the window when it has passed.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts a hit on `key`; throws TooManyRequestsError once more than `limit` hits fall in the window. */
  async hit(key: string, limit: number, windowSeconds: number, message: string): Promise<void> {
    const [row]: { hits: number; retry_after: number }[] = await this.dataSource.query(
      `INSERT INTO platform.rate_limit AS r (key, window_start, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE r.hits + 1 END,
         window_start = CASE WHEN r.window_start <= now() - make_interval(secs => $2) THEN now() ELSE r.window_start END
       RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now())))::int AS retry_after`,
      [key, windowSeconds],
    );
    if (row.hits > limit) throw new TooManyRequestsError(message, Math.max(1, row.retry_after));
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM platform.rate_limit WHERE key = $1`, [key]);
  }
}

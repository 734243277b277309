/**
 * Configuration from environment variables, validated once at start.
 * A wrong value stops the start with a message naming the variable.
 * Every variable is listed, with its default, in the README's configuration table.
 */
export type AppRole = 'api' | 'worker' | 'all';

export interface AppConfig {
  role: AppRole;
  nodeEnv: 'development' | 'production' | 'test';
  http: { host: string; port: number; trustProxy: boolean };
  database: {
    /** undefined = start an embedded PostgreSQL */
    url: string | undefined;
    poolSize: number;
    embeddedDir: string;
    embeddedPort: number;
  };
  /** undefined = BullMQ on its PostgreSQL backend, in the application database */
  redisUrl: string | undefined;
  /** Redis key prefix of the BullMQ queues (several Guichet instances can share one Redis) */
  queuePrefix: string;
  /** The address parents use, for links in e-mails */
  publicUrl: string;
  identity: {
    sessionTtlHours: number;
    /** Secure flag of the session cookie (off only for plain-http local development) */
    cookieSecure: boolean;
    /** while no admin account exists, one is created for this address, which gets a link to choose its password (ADMIN_EMAIL) */
    bootstrapAdminEmail: string | undefined;
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  events: {
    relayIntervalMs: number;
    relayBatchSize: number;
    maxAttempts: number;
    backoffMs: number;
    consumerConcurrency: number;
    lockDurationMs: number;
    retentionDays: number;
  };
  // ---- notifications: e-mail (SMTP) and SMS delivery -------------------------------------------
  notifications: {
    mail: {
      /** undefined = the worker starts a local SMTP sink (mails stored in notifications.sink_mail) and sends to it */
      smtpUrl: string | undefined;
      /** From header, e.g. `Guichet <no-reply@guichet.localhost>` */
      from: string;
      /** port of the local SMTP sink on 127.0.0.1 (0 = any free port) */
      sinkPort: number;
    };
    sms: {
      /** `record`: SMS are stored in notifications.recorded_sms (the only adapter so far) */
      gateway: 'record';
    };
    /** how often the sender looks for messages to send when idle */
    sendIntervalMs: number;
    /** sending attempts before a message is marked failed */
    maxAttempts: number;
    /** first retry delay (exponential, at most 30 minutes) */
    backoffMs: number;
  };
  // ------------------------------------------------------------------------------------------------
  // ---- identity: SSO with an EduConnect-style OpenID provider (see readSso) -------------------------
  sso: {
    /** undefined = none configured: outside production, main starts the development provider (dev/oidc-provider) */
    issuer: string | undefined;
    clientId: string;
    /** undefined only for the development provider, whose secret main generates at each start */
    clientSecret: string | undefined;
    /** where the provider sends the browser back (registered at the provider) */
    redirectUri: string;
    /** where the provider sends the browser after an RP-initiated logout (registered at the provider) */
    postLogoutRedirectUri: string;
    /** port of the development provider on 127.0.0.1 (0 = any free port) */
    devPort: number;
  };
  // ------------------------------------------------------------------------------------------------
  // ---- family: supporting documents, where their files are kept (see readDocuments) ----------------
  documents: {
    /** `local`: a folder on this machine (DOCUMENTS_DIR); `s3`: an S3-compatible object storage */
    storage: 'local' | 's3';
    /** the folder of the local adapter, created if missing */
    dir: string;
    /** set only with DOCUMENTS_STORAGE=s3 */
    s3: S3Settings | undefined;
  };
  // ------------------------------------------------------------------------------------------------
  // ---- reservations: term activities paid at registration --------------------------------------
  reservations: {
    /** how long the places of an activity registration are held while the guardian pays (ACTIVITY_HOLD_MINUTES) */
    activityHoldMinutes: number;
    /** how often the worker releases the holds that ran out (ACTIVITY_SWEEP_INTERVAL_MS) */
    activitySweepIntervalMs: number;
  };
  // ------------------------------------------------------------------------------------------------
  // ---- billing: unpaid follow-up -------------------------------------------------------------------
  billing: {
    /** how often the worker looks for invoices due a reminder (BILLING_REMINDER_INTERVAL_MS) */
    reminderIntervalMs: number;
  };
  // ------------------------------------------------------------------------------------------------
  // ---- payments: online payment through PayFiP (see src/modules/payments/README.md) ----------------
  payments: {
    /**
     * base URL of the PayFiP platform (PAYFIP_URL), e.g. `https://www.payfip.gouv.fr/tpa`: its SOAP
     * service is `<base>/services/securite`, its payment page `<base>/paiementws.web?idop=`.
     * undefined = none configured: outside production, main starts the local PayFiP simulator
     * (dev/payfip-simulator) and uses it; in production online payment is then not offered.
     */
    payfipUrl: string | undefined;
    /** port of the local simulator on 127.0.0.1 (PAYFIP_SIMULATOR_PORT; 0 = any free port) */
    simulatorPort: number;
    /** how often the worker re-checks pending transactions with the platform (PAYMENT_CHECK_INTERVAL_MS) */
    checkIntervalMs: number;
  };
  // ------------------------------------------------------------------------------------------------
}

export interface S3Settings {
  /** undefined = AWS itself; else the S3-compatible service (MinIO, Scaleway, OVH, Garage…) */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  /** both undefined = the SDK's default credentials (environment, instance role…) */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (most self-hosted services) */
  forcePathStyle: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** whether the variable is set (not empty) */
  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (!protocols.includes(url.protocol)) {
        this.problems.push(`${name} must be a ${protocols.join(' or ')}// URL (got protocol "${url.protocol}")`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  email(name: string, fallback: string | undefined): string | undefined {
    const value = this.raw(name)?.toLowerCase() ?? fallback;
    if (value !== undefined && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value)) this.problems.push(`${name} must be an e-mail address (got "${value}")`);
    return value;
  }

  /** A From address: `Name <local@domain>` or `local@domain`. */
  mailbox(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    if (!MAILBOX.test(value)) this.problems.push(`${name} must be an address like "Guichet <no-reply@example.org>" (got "${value}")`);
    return value;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }
}

/** `Name <local@domain>` or `local@domain`; the domain also names Message-IDs. */
export const MAILBOX = /^(?:[^<>@]*<[^\s<>@]+@([^\s<>@]+)>|[^\s<>@]+@([^\s<>@]+))$/;

export const APP_ROLES = ['api', 'worker', 'all'] as const;

export function loadConfig(env: Env = process.env, roleArg?: string): AppConfig {
  const r = new Reader(roleArg ? { ...env, APP_ROLE: roleArg } : env);
  const config: AppConfig = {
    role: r.oneOf('APP_ROLE', 'all', APP_ROLES),
    nodeEnv: r.oneOf('NODE_ENV', 'development', ['development', 'production', 'test'] as const),
    http: {
      host: r.string('HOST', '0.0.0.0'),
      port: r.int('PORT', 3000, 0, 65535),
      trustProxy: r.bool('TRUST_PROXY', false),
    },
    database: {
      url: r.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']),
      poolSize: r.int('DATABASE_POOL_SIZE', 10, 1, 200),
      embeddedDir: r.string('EMBEDDED_PG_DIR', '.guichet/pgdata'),
      embeddedPort: r.int('EMBEDDED_PG_PORT', 5433, 1, 65535),
    },
    redisUrl: r.optionalUrl('REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix: r.string('QUEUE_PREFIX', 'guichet'),
    publicUrl: (r.optionalUrl('PUBLIC_URL', ['http:', 'https:']) ?? 'http://localhost:3000').replace(/\/+$/, ''),
    identity: {
      sessionTtlHours: r.int('SESSION_TTL_HOURS', 12, 1, 24 * 90),
      cookieSecure: r.bool('COOKIE_SECURE', true),
      // out of the box (development, embedded database) there is an admin to log in with
      bootstrapAdminEmail: r.email('ADMIN_EMAIL', (env.NODE_ENV ?? 'development') === 'development' && !env.DATABASE_URL?.trim() ? 'admin@guichet.localhost' : undefined),
    },
    log: { level: r.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) },
    events: {
      relayIntervalMs: r.int('OUTBOX_RELAY_INTERVAL_MS', 100, 10, 60_000),
      relayBatchSize: r.int('OUTBOX_RELAY_BATCH_SIZE', 500, 1, 10_000),
      maxAttempts: r.int('EVENT_MAX_ATTEMPTS', 5, 1, 100),
      backoffMs: r.int('EVENT_BACKOFF_MS', 1000, 1, 3_600_000),
      consumerConcurrency: r.int('EVENT_CONSUMER_CONCURRENCY', 5, 1, 500),
      lockDurationMs: r.int('EVENT_LOCK_DURATION_MS', 30_000, 500, 3_600_000),
      retentionDays: r.int('OUTBOX_RETENTION_DAYS', 30, 1, 3650),
    },
    // ---- notifications: e-mail (SMTP) and SMS delivery -----------------------------------------
    notifications: {
      mail: {
        smtpUrl: r.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']),
        from: r.mailbox('MAIL_FROM', 'Guichet <no-reply@guichet.localhost>'),
        sinkPort: r.int('SMTP_SINK_PORT', 1025, 0, 65535),
      },
      sms: { gateway: r.oneOf('SMS_GATEWAY', 'record', ['record'] as const) },
      sendIntervalMs: r.int('NOTIFICATIONS_SEND_INTERVAL_MS', 200, 10, 60_000),
      maxAttempts: r.int('NOTIFICATIONS_MAX_ATTEMPTS', 12, 1, 100),
      backoffMs: r.int('NOTIFICATIONS_BACKOFF_MS', 5000, 1, 3_600_000),
    },
    // ----------------------------------------------------------------------------------------------
    sso: readSso(r),
    documents: readDocuments(r),
    // ---- reservations: term activities ---------------------------------------------------------
    // The hold outlives the payment lock (30 min, seed 003) and PayFiP's idOp (15 min) with a margin:
    // a payment started at once can still confirm the places (docs: PAYFIP.md "Timing").
    reservations: {
      activityHoldMinutes: r.int('ACTIVITY_HOLD_MINUTES', 45, 1, 24 * 60),
      activitySweepIntervalMs: r.int('ACTIVITY_SWEEP_INTERVAL_MS', 30_000, 10, 3_600_000),
    },
    // ----------------------------------------------------------------------------------------------
    // ---- billing: reminders are counted in days; once an hour is plenty, once a day the most -------
    billing: {
      reminderIntervalMs: r.int('BILLING_REMINDER_INTERVAL_MS', 3_600_000, 10, 86_400_000),
    },
    // ----------------------------------------------------------------------------------------------
    // ---- payments: PayFiP, or the local simulator when none is configured ------------------------
    payments: {
      payfipUrl: r.optionalUrl('PAYFIP_URL', ['https:', 'http:'])?.replace(/\/+$/, ''),
      simulatorPort: r.int('PAYFIP_SIMULATOR_PORT', 3200, 0, 65535),
      checkIntervalMs: r.int('PAYMENT_CHECK_INTERVAL_MS', 60_000, 10, 3_600_000),
    },
    // ----------------------------------------------------------------------------------------------
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

// ---- identity: SSO ------------------------------------------------------------------------------
/** OIDC_ISSUER with its client id and secret (both required with it), the two URIs registered at the provider. */
function readSso(r: Reader): AppConfig['sso'] {
  const publicUrl = r.string('PUBLIC_URL', 'http://localhost:3000').replace(/\/+$/, ''); // validated above
  const issuer = r.optionalUrl('OIDC_ISSUER', ['https:', 'http:']);
  const clientId = r.string('OIDC_CLIENT_ID', '');
  const clientSecret = r.string('OIDC_CLIENT_SECRET', '');
  for (const [name, value] of [['OIDC_CLIENT_ID', clientId], ['OIDC_CLIENT_SECRET', clientSecret]]) {
    if (issuer && !value) r.problems.push(`${name} is required when OIDC_ISSUER is set`);
    if (!issuer && value) r.problems.push(`${name} is set but OIDC_ISSUER is not (without OIDC_ISSUER the development provider is used)`);
  }
  return {
    issuer,
    clientId: clientId || 'guichet-dev',
    clientSecret: clientSecret || undefined,
    redirectUri: r.optionalUrl('OIDC_REDIRECT_URI', ['https:', 'http:']) ?? `${publicUrl}/api/auth/sso/callback`,
    postLogoutRedirectUri: r.optionalUrl('OIDC_POST_LOGOUT_REDIRECT_URI', ['https:', 'http:']) ?? `${publicUrl}/`,
    devPort: r.int('OIDC_DEV_PORT', 3100, 0, 65535),
  };
}
// --------------------------------------------------------------------------------------------------

// ---- family: supporting documents ----------------------------------------------------------------
const S3_VARIABLES = ['S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'];

/** DOCUMENTS_STORAGE picks the adapter; the S3_* variables go with `s3` only, DOCUMENTS_DIR with `local` only. */
function readDocuments(r: Reader): AppConfig['documents'] {
  const storage = r.oneOf('DOCUMENTS_STORAGE', 'local', ['local', 's3'] as const);
  const dir = r.string('DOCUMENTS_DIR', '.guichet/documents');
  if (storage === 'local') {
    for (const name of S3_VARIABLES.filter((n) => r.has(n))) r.problems.push(`${name} is set but DOCUMENTS_STORAGE is not s3 (files are kept in DOCUMENTS_DIR)`);
    return { storage, dir, s3: undefined };
  }
  if (r.has('DOCUMENTS_DIR')) r.problems.push('DOCUMENTS_DIR is set but DOCUMENTS_STORAGE=s3 (files are kept in S3_BUCKET)');
  const endpoint = r.optionalUrl('S3_ENDPOINT', ['https:', 'http:']);
  const region = r.string('S3_REGION', 'us-east-1');
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(region)) r.problems.push(`S3_REGION must be a region name like eu-west-3 or fr-par (got "${region}")`);
  const bucket = r.string('S3_BUCKET', '');
  if (!bucket) r.problems.push('S3_BUCKET is required when DOCUMENTS_STORAGE=s3');
  else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) r.problems.push(`S3_BUCKET must be a bucket name (3 to 63 lower-case letters, digits, dots and hyphens; got "${bucket}")`);
  const accessKeyId = r.string('S3_ACCESS_KEY_ID', '') || undefined;
  const secretAccessKey = r.string('S3_SECRET_ACCESS_KEY', '') || undefined;
  if (!accessKeyId !== !secretAccessKey) r.problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the default AWS credentials');
  return { storage, dir, s3: { endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle: r.bool('S3_FORCE_PATH_STYLE', false) } };
}
// --------------------------------------------------------------------------------------------------

/** Nest injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

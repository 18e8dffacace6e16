import { UsageError } from '../errors.js';

/** Where the queue lives, parsed from `--queue redis://[user:password@]host:port[/db]`. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
  /** The URL with any password replaced by `***`: the only form that may be printed or stored. */
  display: string;
}

/** Env var read for the password when the URL carries none, so it need not sit in `ps` output. */
const PASSWORD_ENV = 'FFAVATAR_REDIS_PASSWORD';

/**
 * Parses a `--queue` URL. Errors never quote the URL as given, since it may carry a password.
 */
export function parseRedisUrl(raw: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--queue: not a URL; expected redis://[user:password@]host:port[/db]`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(
      `--queue: scheme "${url.protocol}" is not supported; expected redis:// or rediss://`,
    );
  }
  if (!url.hostname) throw new UsageError('--queue: the URL names no host; expected redis://host:port');
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0)
    throw new UsageError(`--queue: database "${dbText}" is not a number (redis://host:port/DB)`);
  const password = url.password ? decodeURIComponent(url.password) : env[PASSWORD_ENV] || undefined;
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const auth = url.username || url.password ? `${url.username}${url.password ? ':***' : ''}@` : '';
  return {
    host,
    port,
    db,
    username,
    password,
    tls: url.protocol === 'rediss:',
    display: `${url.protocol}//${auth}${url.host}/${db}`,
  };
}

/**
 * Replaces the password wherever it occurs in a text about to be printed or stored: messages that
 * come back from Redis or a library are not ours to trust.
 */
export function scrubber(target: RedisTarget | undefined): (text: string) => string {
  const secrets = [
    target?.password,
    target?.password ? encodeURIComponent(target.password) : undefined,
  ].filter((s): s is string => !!s && s.length > 0);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((t, s) => t.split(s).join('***'), text);
}

/** ioredis options for a target; BullMQ adds what it needs (maxRetriesPerRequest: null for workers). */
export function connectionOptions(target: RedisTarget): Record<string, unknown> {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
  };
}

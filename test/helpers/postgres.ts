import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real PostgreSQL server for tests, from Debian's binaries (the `postgresql` package; .ci/run installs it).
 * PostgreSQL refuses to run as root and CI runs as root, so then initdb/pg_ctl run as `postgres` via runuser,
 * in a temp dir that user owns. Clients (pg, psql) connect over TCP to 127.0.0.1 with scram-sha-256.
 */
export interface PgServer {
  readonly port: number;
  readonly host: string;
  readonly user: string;
  readonly password: string;
  /** A fresh empty database; returns its URL WITHOUT the password (postgres://sohoa@127.0.0.1:PORT/NAME). */
  createDatabase(name?: string): Promise<string>;
  /** Env to give spawned processes: PGPASSWORD etc. */
  env(): Record<string, string>;
  /** Fast shutdown; the data stays (for outage tests). */
  stop(): Promise<void>;
  /** Starts again on the same port and data dir. */
  start(): Promise<void>;
  /** Runs the real `psql` binary (-X -At, ON_ERROR_STOP) and returns its output without the last newline. */
  psql(url: string, sql: string): Promise<string>;
  /** Stops the server and deletes its data dir. */
  close(): Promise<void>;
  /** CPU seconds the server has used so far: the postmaster, its live backends, and those already reaped. */
  cpuSeconds(): number;
}

const PG_ROOT = '/usr/lib/postgresql';
const TOOLS = ['initdb', 'pg_ctl', 'postgres', 'psql'];
const RUNUSER = '/usr/sbin/runuser';
const USER = 'sohoa';
const HOST = '127.0.0.1';
const SECONDS = 60; // pg_ctl -w waits this long; the exec timeout is a little longer

const isRoot = () => process.getuid?.() === 0;

/** The bin dir of the newest PostgreSQL major installed, when it has every tool the harness runs. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const majors = readdirSync(PG_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = path.join(PG_ROOT, major, 'bin');
    if (TOOLS.every((t) => existsSync(path.join(bin, t)))) return bin;
  }
  return undefined;
}

function postgresIds(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

export function postgresAvailable(): boolean {
  if (!postgresBinDir()) return false;
  return !isRoot() || (existsSync(RUNUSER) && postgresIds() !== undefined);
}

/** Sync check for describe.runIf: in CI (CI=true) missing binaries are a failure, elsewhere a skip with a message. */
export function requirePostgres(): boolean {
  if (postgresAvailable()) return true;
  const why = `PostgreSQL binaries are not in ${PG_ROOT}/*/bin${isRoot() ? ' (or runuser / the postgres user is missing)' : ''}`;
  if (process.env.CI === 'true') throw new Error(`${why}; the interop tests need them in CI (apt-get install postgresql; .ci/run does)`);
  console.warn(`skipping PostgreSQL tests: ${why} (apt-get install postgresql; .ci/run does)`);
  return false;
}

/** Starts one; when binaries are missing: throws when CI=true, else returns undefined after printing a skip message. */
export async function startPostgres(): Promise<PgServer | undefined> {
  if (!requirePostgres()) return undefined;
  const server = new LocalPostgres(postgresBinDir()!);
  try {
    await server.init();
    return server;
  } catch (err) {
    await server.close().catch(() => undefined);
    throw err;
  }
}

/** Servers still running, stopped at process exit if a test forgot close() or crashed. */
const live = new Set<LocalPostgres>();
process.once('exit', () => {
  for (const s of live) s.killSync();
});

class LocalPostgres implements PgServer {
  readonly host = HOST;
  readonly user = USER;
  readonly password = randomBytes(18).toString('base64url');
  port = 0;
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-pg-'));
  private readonly data = path.join(this.dir, 'data');
  private readonly sockets = path.join(this.dir, 'sock');
  private readonly log = path.join(this.dir, 'postgres.log');
  private running = false;
  private dbCount = 0;

  constructor(private readonly bin: string) {}

  cpuSeconds(): number {
    const ticks = (pid: number, withChildren: boolean): number => {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        // utime, stime (+ cutime, cstime: backends that have exited and were reaped)
        return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
      } catch {
        return 0;
      }
    };
    const master = Number(readFileSync(path.join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let total = ticks(master, true);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const f = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
        if (Number(f[1]) === master) total += ticks(Number(entry), false);
      } catch {
        // gone meanwhile: its time is in the postmaster's cutime once reaped
      }
    }
    return total / 100; // USER_HZ
  }

  async init(): Promise<void> {
    mkdirSync(this.sockets, { mode: 0o700 });
    const pwfile = path.join(this.dir, 'pwfile');
    writeFileSync(pwfile, `${this.password}\n`, { mode: 0o600 });
    this.own(this.dir, this.sockets, pwfile);
    // The bootstrap superuser is `sohoa`: tests create databases and roles freely. Trust only on the private socket.
    await this.run('initdb', ['-D', this.data, '-U', USER, `--pwfile=${pwfile}`, '-E', 'UTF8', `--locale=${pickLocale()}`,
      '--auth-local=trust', '--auth-host=scram-sha-256', '--no-instructions'], 120);
    rmSync(pwfile);
    writeFileSync(path.join(this.data, 'postgresql.conf'), `\ninclude_if_exists 'sohoa-test.conf'\n`, { flag: 'a' });
    // The port may be taken between picking and binding (other helpers run tests too): pick again.
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      this.writeSettings();
      try {
        await this.start();
        return;
      } catch (err) {
        if (attempt >= 3 || !/could not bind|address already in use/i.test(this.logTail())) throw err;
      }
    }
  }

  async start(): Promise<void> {
    await this.run('pg_ctl', ['-D', this.data, '-l', this.log, '-w', '-t', String(SECONDS), 'start'], SECONDS + 15);
    this.running = true;
    live.add(this);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    await this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', '-t', String(SECONDS), 'stop'], SECONDS + 15);
    this.running = false;
    live.delete(this);
  }

  async close(): Promise<void> {
    try {
      await this.stop();
    } catch {
      this.killSync();
    }
    // A start that timed out may have left a postmaster behind without `running` being set.
    if (existsSync(path.join(this.data, 'postmaster.pid'))) this.killSync();
    live.delete(this);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** For the exit hook: an immediate stop, synchronously, then the data dir goes. */
  killSync(): void {
    try {
      const [file, args] = this.command('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', '-t', '20', 'stop']);
      execFileSync(file, args, { stdio: 'ignore', timeout: 30_000, cwd: this.dir });
    } catch {
      // not running, or already gone
    }
    this.running = false;
    rmSync(this.dir, { recursive: true, force: true });
  }

  url(db: string): string {
    return `postgres://${USER}@${HOST}:${this.port}/${db}`;
  }

  env(): Record<string, string> {
    return { PGPASSWORD: this.password, PGCONNECT_TIMEOUT: '10' };
  }

  async createDatabase(name?: string): Promise<string> {
    const db = name ?? `t${process.pid}_${++this.dbCount}_${randomBytes(3).toString('hex')}`;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(db)) throw new Error(`Not a plain database name: ${db}`);
    await this.psql(this.url('postgres'), `CREATE DATABASE ${db}`);
    return this.url(db);
  }

  async psql(url: string, sql: string): Promise<string> {
    const args = ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql];
    const out = await exec(path.join(this.bin, 'psql'), args, { ...process.env, ...this.env() }, 60, this.dir).catch((err: Error) => {
      throw new Error(`psql failed: ${err.message}`);
    });
    return out.replace(/\n$/, '');
  }

  /** initdb/pg_ctl as the postgres user when we are root (PostgreSQL refuses root), else directly. */
  private command(tool: string, args: string[]): [string, string[]] {
    const file = path.join(this.bin, tool);
    return isRoot() ? [RUNUSER, ['-u', 'postgres', '--', file, ...args]] : [file, args];
  }

  private async run(tool: string, args: string[], seconds: number): Promise<void> {
    const [file, argv] = this.command(tool, args);
    // LC_MESSAGES=C: the server's and tools' messages in English, so errors (and the bind retry) are readable.
    await exec(file, argv, { ...process.env, LC_ALL: 'C', LANG: 'C' }, seconds, this.dir).catch((err: Error) => {
      throw new Error(`${tool} ${args.at(-1)} failed: ${err.message}\nserver log ${this.log}:\n${this.logTail()}`);
    });
  }

  private writeSettings(): void {
    const file = path.join(this.data, 'sohoa-test.conf');
    writeFileSync(file, [
      `listen_addresses = '${HOST}'`,
      `port = ${this.port}`,
      `unix_socket_directories = '${this.sockets}'`,
      'max_connections = 100',
      'shared_buffers = 16MB',
      // fsync stays on: outage tests stop and start the server and must find their data.
      "password_encryption = 'scram-sha-256'",
      "timezone = 'UTC'",
      "lc_messages = 'C'",
      'log_min_messages = warning',
    ].join('\n') + '\n');
    this.own(file);
  }

  private own(...files: string[]): void {
    const ids = isRoot() ? postgresIds() : undefined;
    if (ids) for (const f of files) chownSync(f, ids.uid, ids.gid);
  }

  private logTail(): string {
    try {
      return readFileSync(this.log, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

function exec(file: string, args: string[], env: NodeJS.ProcessEnv, seconds: number, cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { env, cwd, timeout: seconds * 1000, encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.killed ? `timed out after ${seconds}s` : `exit ${String(err.code)}`}: ${stderr.trim() || stdout.trim()}`));
      else resolve(stdout);
    }),
  );
}

/** C.UTF-8 sorts by code point like SQLite's BINARY collation and still knows Unicode letters; plain C otherwise. */
function pickLocale(): string {
  try {
    const locales = execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n');
    return locales.find((l) => /^C\.utf-?8$/i.test(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

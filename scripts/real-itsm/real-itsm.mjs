#!/usr/bin/env node
// The real bk-itsm, started for tests: MariaDB, Redis, an ESB/user-management stub, a celery
// worker and `manage.py runserver`, each a child process of this one, started with its data in a
// temporary folder and stopped by its process id. The recipe is ../shared/reference/real-itsm.md.
//
//   node scripts/real-itsm/real-itsm.mjs setup     installs and caches everything (setup.sh, the
//                                                  migrated database, the seeded snapshot), then exits
//   node scripts/real-itsm/real-itsm.mjs start     starts it and waits (Ctrl-C stops everything);
//                                                  prints `itsm http://127.0.0.1:PORT` and the seed
//
// In-process: `const itsm = await startRealItsm()` gives {url, seed, dir, pids, stop()}.
//
// What is cached ($BKT_CACHE, default ~/.cache/bk-itsm-tickets/real-itsm), keyed by the source:
//   src-<commit>/        the vendored tarball, extracted (setup.sh)
//   venv-<hash>/         Python 3.6 and requirements.txt (setup.sh)
//   db-<key>/            a MariaDB data folder after `migrate` and `createcachetable`
//   seeded-<key>-<hash>/ the same after seed.mjs ran (hash of seed.mjs), with Redis's dump (the
//                        ticket number counter lives there: the two are saved and restored together,
//                        so numbers never repeat) and seed.json, the tickets it made
// A run copies the seeded snapshot into a fresh temporary folder: every run starts from the same
// tickets, and nothing a test does survives it.
import { spawn, execFile } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { createConnection, createServer as createNetServer } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const execFileP = promisify(execFile);
const MARIADBD = existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd';
const DB = { name: 'bk_itsm', user: 'itsm', password: 'itsm-test-password' };
// The celery queues bk-itsm's tasks and its pipeline engine use (real-itsm.md step 6).
const QUEUES = 'default,pipeline,pipeline_priority,service_schedule,schedule_additional,pipeline_additional_task,pipeline_additional_task_priority,celery';
// ticket_url and iframe_ticket_url are built from FRONTEND_URL: the local server's site, so the
// two servers' URLs compare.
export const FRONTEND_URL = 'http://paas.bk.local/o/bk_itsm/';

let say = (msg) => process.stderr.write(`[real-itsm] ${msg}\n`);

// ---------------------------------------------------------------- small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (closed again at once; the service binds it a moment later). */
function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function until(what, check, timeoutMs, proc) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.exitCode !== null) throw new Error(`${what}: the process exited (${proc.exitCode}); see ${proc.logFile}`);
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s${proc ? `; see ${proc.logFile}` : ''}`);
    await sleep(200);
  }
}

/**
 * One Redis command over RESP (PING, SAVE, GET, DEL …): a status reply as its line ("+PONG"), an
 * integer or a bulk string as its value (null for a missing key).
 */
export function redisCommand(port, ...args) {
  return new Promise((res, rej) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let buf = '';
    sock.setTimeout(5000, () => sock.destroy(new Error('redis: timeout')));
    sock.on('error', rej);
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      const eol = buf.indexOf('\r\n');
      if (eol < 0) return;
      const line = buf.slice(0, eol);
      if (line.startsWith('$')) {
        const len = Number(line.slice(1));
        if (len < 0) res(null);
        else if (buf.length < eol + 2 + len) return;
        else res(buf.slice(eol + 2, eol + 2 + len));
      } else if (line.startsWith('-')) rej(new Error(`redis: ${line.slice(1)}`));
      else if (line.startsWith(':')) res(Number(line.slice(1)));
      else res(line);
      sock.end();
    });
    sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
  });
}

function httpStatus(url) {
  return new Promise((res) => {
    const req = httpRequest(url, { method: 'GET', timeout: 3000 }, (r) => {
      r.resume();
      res(r.statusCode);
    });
    req.on('error', () => res(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

// ---------------------------------------------------------------- processes

/**
 * The children this module started. Each is stopped by its own pid (SIGTERM, then SIGKILL after
 * a grace period); if this Node process exits first, the exit hook SIGKILLs whatever is left.
 */
class Children {
  constructor(dir) {
    this.dir = dir;
    this.list = [];
    this.onExit = () => {
      for (const c of this.list) if (c.exitCode === null) try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ }
    };
    process.on('exit', this.onExit);
  }

  async spawn(name, cmd, args, { env, cwd } = {}) {
    const logFile = join(this.dir, `${name}.log`);
    const fh = await open(logFile, 'a');
    const child = spawn(cmd, args, { env: env ?? process.env, cwd, stdio: ['ignore', fh.fd, fh.fd] });
    await fh.close();
    child.name = name;
    child.logFile = logFile;
    child.exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    child.once('error', (err) => say(`${name}: ${err.message}`));
    this.list.push(child);
    return child;
  }

  /** Stop one child by its pid and wait for it. */
  async stop(child, graceMs = 15000) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const done = await Promise.race([child.exited, sleep(graceMs).then(() => null)]);
    if (!done) {
      say(`${child.name} (pid ${child.pid}) ignored SIGTERM for ${graceMs / 1000} s: SIGKILL`);
      try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
      await child.exited;
    }
  }

  /** Stop every child, the last started first. */
  async stopAll() {
    for (const c of [...this.list].reverse()) await this.stop(c);
    process.off('exit', this.onExit);
  }

  pids() {
    return Object.fromEntries(this.list.filter((c) => c.exitCode === null).map((c) => [c.name, c.pid]));
  }
}

// ---------------------------------------------------------------- setup.sh

/** Runs setup.sh (installs; seconds when done) and returns {SRC, KEY, VENV, CACHE}. */
export async function runSetup() {
  const out = await new Promise((res, rej) => {
    const child = spawn(join(here, 'setup.sh'), [], { stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    child.stdout.on('data', (d) => (s += d));
    child.once('error', rej);
    child.once('exit', (code) => (code === 0 ? res(s) : rej(new Error(`scripts/real-itsm/setup.sh failed (exit ${code})`))));
  });
  return Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

// ---------------------------------------------------------------- services

async function startMariadb(children, datadir, port) {
  const child = await children.spawn('mariadb', MARIADBD, [
    '--no-defaults',
    `--datadir=${datadir}`,
    `--socket=${join(datadir, 'mysqld.sock')}`,
    `--pid-file=${join(datadir, 'mysqld.pid')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--user=root',
    '--skip-name-resolve',
    '--skip-log-bin',
    // Test data: durability is not worth the fsyncs (a snapshot is taken after a clean shutdown).
    '--innodb-flush-log-at-trx-commit=0',
    '--innodb-buffer-pool-size=128M',
    '--character-set-server=utf8',
    '--collation-server=utf8_general_ci',
  ]);
  await until('MariaDB', () => mysql(datadir, 'SELECT 1').then(() => true), 60000, child);
  return child;
}

/** A statement through the server's socket, as the Unix root (socket authentication). */
async function mysql(datadir, sql) {
  const { stdout } = await execFileP('mariadb', ['--no-defaults', `--socket=${join(datadir, 'mysqld.sock')}`, '-uroot', '-N', '-e', sql]);
  return stdout;
}

async function startRedis(children, dir, port) {
  const child = await children.spawn('redis', 'redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', 'dump.rdb',
    '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--daemonize', 'no',
  ]);
  await until('Redis', async () => (await redisCommand(port, 'PING')) === '+PONG', 20000, child);
  return child;
}

/**
 * The ESB and user management bk-itsm calls out to (BK_PAAS_HOST): an empty success for
 * everything (real-itsm.md step 5), `public_key: ""` for the gateway's key. Requests are logged.
 */
function startStub(logFile) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      writeFile(logFile, `${new Date().toISOString()} ${req.method} ${req.url} ${body.slice(0, 500)}\n`, { flag: 'a' }).catch(() => {});
      const data = /get_api_public_key/.test(req.url) ? { public_key: '' } : [];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ result: true, code: 0, message: '', data }));
    });
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(server)));
}

function djangoEnv(setup, { mysqlPort, redisPort, stubPort }) {
  const secret = 'bkt-real-itsm-secret-key-0123456789ab'.slice(0, 36);
  // Bytecode is written (into the cached source and virtualenv): without it every start of
  // runserver, the worker and manage.py compiles Django and bk-itsm again (seconds each).
  const { PYTHONDONTWRITEBYTECODE, ...inherited } = process.env;
  return {
    ...inherited,
    PYTHONPATH: [join(here, 'python'), setup.SRC].join(':'),
    PYTHONUNBUFFERED: '1',
    PATH: `${join(setup.VENV, 'bin')}:${process.env.PATH}`,
    DJANGO_SETTINGS_MODULE: 'bkt_real_settings',
    RUN_ENV: 'open',
    RUN_VER: 'open',
    APP_CODE: 'bk_itsm',
    APP_ID: 'bk_itsm',
    SECRET_KEY: secret,
    APP_TOKEN: secret,
    BK_PAAS_HOST: `http://127.0.0.1:${stubPort}`,
    BKAPP_FRONTEND_URL: FRONTEND_URL,
    USE_IAM: 'false',
    BKAPP_BK_IAM_SYSTEM_ID: 'itsm',
    BKAPP_IAM_INITIAL_FILE: 'dev',
    BK_ENV: 'development',
    BKAPP_REDIS_HOST: '127.0.0.1',
    BKAPP_REDIS_PORT: String(redisPort),
    BKAPP_REDIS_PASSWORD: '',
    BK_MYSQL_NAME: DB.name,
    BK_MYSQL_USER: DB.user,
    BK_MYSQL_PASSWORD: DB.password,
    BK_MYSQL_HOST: '127.0.0.1',
    BK_MYSQL_PORT: String(mysqlPort),
    BK_MYSQL_TEST_NAME: `test_${DB.name}`,
  };
}

async function manage(setup, env, args, logFile) {
  const python = join(setup.VENV, 'bin', 'python');
  try {
    const { stdout, stderr } = await execFileP(python, ['manage.py', ...args], { cwd: setup.SRC, env, maxBuffer: 64 << 20 });
    if (logFile) await writeFile(logFile, stdout + stderr, { flag: 'a' });
    return stdout;
  } catch (err) {
    if (logFile) await writeFile(logFile, `${err.stdout ?? ''}${err.stderr ?? ''}`, { flag: 'a' });
    throw new Error(`manage.py ${args.join(' ')} failed:\n${String(err.stderr ?? err.message).split('\n').slice(-25).join('\n')}`);
  }
}

// ---------------------------------------------------------------- the cached databases

/** db-<key>/: a data folder with the migrated database (about 2 minutes to make). */
async function ensureMigratedDb(setup) {
  const target = join(setup.CACHE, `db-${setup.KEY}`);
  if (existsSync(join(target, '.ready'))) return target;
  say(`migrating a new database for ${setup.KEY} (about 2 minutes)`);
  const work = await mkdtemp(join(tmpdir(), 'bkt-itsm-db-'));
  const datadir = join(work, 'mysql');
  const children = new Children(work);
  try {
    await execFileP('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db']);
    const [mysqlPort, redisPort] = [await freePort(), await freePort()];
    await startMariadb(children, datadir, mysqlPort);
    await mysql(datadir, [
      `CREATE DATABASE ${DB.name} DEFAULT CHARACTER SET utf8 COLLATE utf8_general_ci`,
      `CREATE USER '${DB.user}'@'127.0.0.1' IDENTIFIED BY '${DB.password}'`,
      `GRANT ALL PRIVILEGES ON *.* TO '${DB.user}'@'127.0.0.1'`,
    ].join(';'));
    await startRedis(children, work, redisPort);
    const stub = await startStub(join(work, 'stub.log'));
    try {
      const env = djangoEnv(setup, { mysqlPort, redisPort, stubPort: stub.address().port });
      const t0 = Date.now();
      await manage(setup, env, ['migrate', '--noinput'], join(work, 'migrate.log'));
      await manage(setup, env, ['createcachetable'], join(work, 'migrate.log'));
      say(`migrated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } finally {
      stub.close();
    }
    await children.stopAll();
    await rm(join(datadir, 'mysqld.sock'), { force: true });
    await rm(target, { recursive: true, force: true });
    await cp(datadir, target, { recursive: true });
    await writeFile(join(target, '.ready'), `${new Date().toISOString()}\n`);
    await rm(work, { recursive: true, force: true });
    return target;
  } catch (err) {
    await children.stopAll();
    throw new Error(`${err.message}\n(logs kept in ${work})`);
  }
}

/** The hash of what seeds the database: a change to seed.mjs makes a new snapshot. */
async function seedHash() {
  const h = createHash('sha256');
  for (const f of ['seed.mjs', join('python', 'bkt_real_settings.py')]) h.update(await readFile(join(here, f)));
  return h.digest('hex').slice(0, 12);
}

/** Start every service on `dir` (mysql/, redis/ inside). */
async function startServices(setup, dir, children) {
  const [mysqlPort, redisPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const datadir = join(dir, 'mysql');
  const mariadb = startMariadb(children, datadir, mysqlPort);
  const redis = startRedis(children, join(dir, 'redis'), redisPort);
  await Promise.all([mariadb, redis]);
  const stub = await startStub(join(dir, 'stub.log'));
  const env = djangoEnv(setup, { mysqlPort, redisPort, stubPort: stub.address().port });
  const python = join(setup.VENV, 'bin', 'python');
  // Started before any approval (real-itsm.md step 6: without a worker a flow stays stuck).
  const worker = await children.spawn('celery', python, ['manage.py', 'celery', 'worker', '-P', 'solo', '-c', '1', '-l', 'info', '-Q', QUEUES], { cwd: setup.SRC, env });
  const web = await children.spawn('runserver', python, ['manage.py', 'runserver', `127.0.0.1:${webPort}`, '--noreload'], { cwd: setup.SRC, env });
  const url = `http://127.0.0.1:${webPort}`;
  await until('manage.py runserver', async () => (await httpStatus(`${url}/openapi/ticket/get_tickets/`)) > 0, 180000, web);
  await until('the celery worker', async () => / ready\.?/.test(await readFile(worker.logFile, 'utf8')), 180000, worker);
  return { url, stub, env, mysqlPort, redisPort, datadir, python };
}

/** Stop the web process and the worker (nothing writes any more), then save Redis. */
async function quiesce(children, svc) {
  for (const name of ['runserver', 'celery']) {
    const c = children.list.find((x) => x.name === name);
    if (c) await children.stop(c);
  }
  await redisCommand(svc.redisPort, 'SAVE');
}

/** seeded-<key>-<hash>/: the migrated database with the seed's tickets (seed.mjs). */
async function ensureSeeded(setup) {
  const target = join(setup.CACHE, `seeded-${setup.KEY}-${await seedHash()}`);
  if (existsSync(join(target, '.ready'))) return target;
  const migrated = await ensureMigratedDb(setup);
  say('seeding tickets through the real views (about a minute)');
  const work = await mkdtemp(join(tmpdir(), 'bkt-itsm-seed-'));
  await cp(migrated, join(work, 'mysql'), { recursive: true });
  await mkdir(join(work, 'redis'));
  const children = new Children(work);
  let svc;
  try {
    svc = await startServices(setup, work, children);
    const { seed } = await import(pathToFileURL(join(here, 'seed.mjs')).href);
    const t0 = Date.now();
    const manifest = await seed({ url: svc.url, manage: (args) => manage(setup, svc.env, args, join(work, 'seed-manage.log')), log: say });
    say(`seeded ${manifest.tickets.length} tickets in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    await quiesce(children, svc);
    await children.stopAll();
    svc.stub.close();
    await rm(join(work, 'mysql', 'mysqld.sock'), { force: true });
    await writeFile(join(work, 'seed.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(target, { recursive: true, force: true });
    await cp(work, `${target}.tmp`, { recursive: true, filter: (src) => !src.endsWith('.log') });
    await rename(`${target}.tmp`, target);
    await writeFile(join(target, '.ready'), `${new Date().toISOString()}\n`);
    await rm(work, { recursive: true, force: true });
    // Snapshots of an older seed.mjs are of no more use.
    for (const old of await readdir(setup.CACHE)) {
      if (old.startsWith(`seeded-${setup.KEY}-`) && join(setup.CACHE, old) !== target) await rm(join(setup.CACHE, old), { recursive: true, force: true });
    }
    return target;
  } catch (err) {
    svc?.stub.close();
    await children.stopAll();
    throw new Error(`${err.message}\n(logs kept in ${work})`);
  }
}

// ---------------------------------------------------------------- start

/**
 * Start the real bk-itsm from the seeded snapshot. Resolves to
 * {url, seed, dir, pids, redisPort, manage(args), stop()}; `stop()` stops exactly the processes
 * started here, by pid, and removes the temporary folder (keep it with `keep: true`).
 */
export async function startRealItsm({ log, keep = false } = {}) {
  if (log) say = log;
  const setup = await runSetup();
  const snapshot = await ensureSeeded(setup);
  const dir = await mkdtemp(join(tmpdir(), 'bkt-itsm-run-'));
  await cp(snapshot, dir, { recursive: true, filter: (src) => !src.endsWith('.ready') });
  const children = new Children(dir);
  let svc;
  try {
    svc = await startServices(setup, dir, children);
  } catch (err) {
    await children.stopAll();
    throw new Error(`${err.message}\n(logs kept in ${dir})`);
  }
  const seed = JSON.parse(await readFile(join(dir, 'seed.json'), 'utf8'));
  let stopped = false;
  return {
    url: svc.url,
    seed,
    dir,
    source: { key: setup.KEY, src: setup.SRC },
    redisPort: svc.redisPort,
    pids: children.pids(),
    manage: (args) => manage(setup, svc.env, args, join(dir, 'manage.log')),
    async stop() {
      if (stopped) return;
      stopped = true;
      svc.stub.close();
      await children.stopAll();
      if (!keep) await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- CLI

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const cmd = process.argv[2];
  if (cmd === 'setup') {
    const setup = await runSetup();
    const snap = await ensureSeeded(setup);
    say(`ready: ${snap}`);
  } else if (cmd === 'start') {
    const itsm = await startRealItsm({ keep: process.argv.includes('--keep') });
    process.stdout.write(`itsm ${itsm.url}\npids ${JSON.stringify(itsm.pids)}\ndir ${itsm.dir}\n`);
    process.stdout.write(`seed ${JSON.stringify(itsm.seed.tickets.map((t) => `${t.sn} ${t.state}`))}\n`);
    const stop = () => itsm.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else {
    console.error('usage: node scripts/real-itsm/real-itsm.mjs setup|start [--keep]');
    process.exit(2);
  }
}

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A private Dovecot IMAP server for one test file: its own config, Maildir, port and logs in a temp
 * dir, one user with a static password, no TLS. Nothing of the system's dovecot (service, config,
 * port 143) is used, so an installed and running system service does not interfere.
 */

export const DOVECOT = '/usr/sbin/dovecot';
export const hasDovecot = existsSync(DOVECOT);

export interface TestImapServer {
  port: number;
  user: string;
  pass: string;
  /** imap://user:pass@127.0.0.1:port/<folder> */
  url(folder?: string): string;
  /** An IMAP client logged in as the test user (to APPEND mail, create and delete folders). */
  client(): Promise<ImapFlow>;
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startDovecot(): Promise<TestImapServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-dovecot-'));
  for (const sub of ['Maildir', 'home', 'run', 'state']) mkdirSync(join(dir, sub));
  const port = await freePort();
  const user = 'support';
  const pass = 'imap-test-secret';
  const runAs = process.getuid?.() ?? 0;
  // Dovecot never runs mail processes as root: as root, the mailbox belongs to nobody instead.
  const [uid, gid] =
    runAs === 0
      ? [
          Number(execFileSync('id', ['-u', 'nobody']).toString()),
          Number(execFileSync('id', ['-g', 'nobody']).toString()),
        ]
      : [runAs, process.getgid?.() ?? 0];
  for (const sub of ['Maildir', 'home']) chownSync(join(dir, sub), uid, gid);
  // Helper processes run as whoever runs the tests, except imap-login, which refuses root.
  const user_ = userInfo().username;
  const loginUser = runAs === 0 ? 'nobody' : user_;
  chmodSync(dir, 0o755);
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = tandem-test-${port}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${user_}
default_internal_group = ${user_}
default_login_user = ${loginUser}
first_valid_uid = 0
first_valid_gid = 0
log_path = ${dir}/dovecot.log
mail_location = maildir:${dir}/Maildir
passdb {
  driver = static
  args = password=${pass}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const log = () => {
    const file = join(dir, 'dovecot.log');
    return output + (existsSync(file) ? readFileSync(file, 'utf8') : '');
  };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (await accepts(port)) break;
    if (child.exitCode !== null || i > 100) {
      const text = log();
      await stop();
      throw new Error(`dovecot did not start:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    user,
    pass,
    url: (folder = 'INBOX') => `imap://${user}:${pass}@127.0.0.1:${port}/${folder}`,
    async client() {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        auth: { user, pass },
        logger: false,
      });
      await client.connect();
      return client;
    },
    log,
    stop,
  };
}

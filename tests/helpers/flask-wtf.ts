/**
 * Runs real Flask-WTF (Debian's python3-flaskext.wtf, under /usr/bin/python3) to check that
 * Phial's CSRF tokens are Flask-WTF's: a Flask app with `CSRFProtect` hands out a session cookie
 * and a token, and judges posts, through Flask's own test client. Every call is one Python
 * process; operations are batched.
 */
import { spawnSync } from 'node:child_process';
import type { Test } from 'uvu';

const PYTHON = '/usr/bin/python3';
const INSTALL_HINT = 'apt-get install -y python3-flaskext.wtf';

/** What the Flask-WTF app is configured with. */
export interface WtfApp {
  secret: string;
  /** WTF_CSRF_TIME_LIMIT; Flask-WTF's 3600 when absent. */
  timeLimit?: number | null;
  /** The clock itsdangerous reads, in Unix seconds; the real time when absent. */
  now?: number;
  /** The session cookie to send. */
  cookie?: string;
}

/** One thing to ask Flask-WTF. */
export type WtfOp =
  /** GET a page that renders `generate_csrf()`: the token and the session cookie set with it. */
  | ({ op: 'token' } & WtfApp)
  /** POST to a CSRF-protected view: the status (200, or 400 from CSRFError) and the text. */
  | ({ op: 'post'; form?: Record<string, string>; headers?: Record<string, string> } & WtfApp);

/** Flask-WTF's answer: for `token`, the token and the session cookie; for `post`, status and text. */
export interface WtfResult {
  token?: string;
  cookie?: string | null;
  status?: number;
  text?: string;
}

const SCRIPT = `
import sys, json
from flask import Flask
from flask_wtf.csrf import CSRFProtect, CSRFError, generate_csrf
from itsdangerous import TimestampSigner

clock = [None]
real_timestamp = TimestampSigner.get_timestamp
TimestampSigner.get_timestamp = lambda self: real_timestamp(self) if clock[0] is None else clock[0]

def make_app(op):
    app = Flask('phial_csrf_interop')
    app.secret_key = op['secret']
    if 'timeLimit' in op: app.config['WTF_CSRF_TIME_LIMIT'] = op['timeLimit']
    CSRFProtect(app)
    app.add_url_rule('/token', 'token', lambda: generate_csrf())
    app.add_url_rule('/submit', 'submit', lambda: 'accepted', methods=['POST'])
    app.register_error_handler(CSRFError, lambda e: (e.description, 400))
    return app

def session_cookie(response):
    for header in response.headers.getlist('Set-Cookie'):
        name, _, rest = header.partition('=')
        if name == 'session': return rest.split(';')[0]
    return None

def run(op):
    clock[0] = op.get('now')
    client = make_app(op).test_client(use_cookies=False)
    headers = dict(op.get('headers') or {})
    if op.get('cookie'): headers['Cookie'] = 'session=' + op['cookie']
    if op['op'] == 'token':
        response = client.get('/token', headers=headers)
        return {'token': response.get_data(as_text=True), 'cookie': session_cookie(response)}
    response = client.post('/submit', data=op.get('form') or {}, headers=headers)
    return {'status': response.status_code, 'text': response.get_data(as_text=True)}

results = [run(op) for op in json.loads(sys.stdin.read())]
sys.stdout.write(json.dumps(results))
`;

let available: boolean | undefined;

/** Whether `/usr/bin/python3 -c 'import flask_wtf'` works. */
export function flaskWtfAvailable(): boolean {
  available ??= spawnSync(PYTHON, ['-c', 'import flask_wtf.csrf'], { stdio: 'ignore' }).status === 0;
  return available;
}

/**
 * Decides whether a suite's Flask-WTF tests can run. Without it: on CI (`CI=true`) it adds a
 * failing test saying how to install it; elsewhere it prints a notice and the caller skips them.
 */
export function withFlaskWtf(test: Test): boolean {
  if (flaskWtfAvailable()) return true;
  const message = `real Flask-WTF is missing: ${INSTALL_HINT} (the tests run it as ${PYTHON})`;
  if (process.env.CI === 'true') {
    test('real Flask-WTF is installed', () => {
      throw new Error(message);
    });
  } else {
    console.warn(`Skipping Flask-WTF interop tests: ${message}`);
  }
  return false;
}

/** Runs the operations in one Python process and returns Flask-WTF's answers in order. */
export function runFlaskWtf(ops: WtfOp[]): WtfResult[] {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(ops), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`Flask-WTF helper failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as WtfResult[];
}

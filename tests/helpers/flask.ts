/**
 * Runs real Flask (Debian's python3-flask, as /usr/bin/python3) to check that Phial's session
 * cookies are Flask's. Operations are batched into one Python process per call, since starting
 * Python and importing Flask costs a quarter of a second.
 *
 * Values cross the process boundary in a small wire format of their own (every dict is
 * `{"$dict": [[key, value], …]}`, tuples, bytes, UUIDs, dates and markup are `$`-tagged), so the
 * tests never use Phial's serializer to build the data Flask serializes.
 */
import { spawnSync } from 'node:child_process';
import type { Test } from 'uvu';
import { Markup, Tuple, UUID } from '../../lib/sessions/python-types.ts';

const PYTHON = '/usr/bin/python3';
const INSTALL_HINT = 'apt-get install -y python3-flask';

/** How Flask signs: its secret, SECRET_KEY_FALLBACKS (oldest first) and digest. */
export interface FlaskSigning {
  secret: string | Uint8Array;
  fallbacks?: Array<string | Uint8Array>;
  digest?: 'sha1' | 'sha256' | 'sha512';
}

/** One thing to ask Flask. */
export type FlaskOp =
  /** `session_json_serializer.dumps(data)` inside an app context. */
  | { op: 'json'; data: unknown }
  /** `session_json_serializer.loads(text)`. */
  | { op: 'jsonLoads'; text: string }
  /** The session interface's signing serializer `.dumps(data)`, stamped with `timestamp`. */
  | ({ op: 'dumps'; data: unknown; timestamp: number } & FlaskSigning)
  /** The signing serializer `.loads(cookie, max_age=maxAge)` at time `now`. */
  | ({ op: 'loads'; cookie: string; maxAge?: number; now?: number } & FlaskSigning);

/** Flask's answer: `value` for json/dumps, `data` for jsonLoads/loads, or the exception's class name. */
export type FlaskResult =
  | { ok: true; value: string; data: unknown }
  | { ok: false; error: string; message: string };

const SCRIPT = `
import sys, json, hashlib, uuid, datetime, time
from flask import Flask
from flask.sessions import SecureCookieSessionInterface, session_json_serializer
from itsdangerous import URLSafeTimedSerializer, TimestampSigner
from markupsafe import Markup

clock = [0]
TimestampSigner.get_timestamp = lambda self: clock[0]
UTC = datetime.timezone.utc

def from_wire(v):
    if isinstance(v, list):
        return [from_wire(x) for x in v]
    if isinstance(v, dict):
        (k, x), = v.items()
        if k == '$dict': return {p[0]: from_wire(p[1]) for p in x}
        if k == '$tuple': return tuple(from_wire(i) for i in x)
        if k == '$bytes': return bytes.fromhex(x)
        if k == '$uuid': return uuid.UUID(x)
        if k == '$date': return datetime.datetime.fromtimestamp(x / 1000, UTC)
        if k == '$markup': return Markup(x)
        if k == '$int': return int(x)
        raise ValueError(k)
    return v

def to_wire(v):
    if isinstance(v, Markup): return {'$markup': str(v)}
    if v is None or isinstance(v, (bool, float, str)): return v
    if isinstance(v, int): return v if abs(v) < 2 ** 53 else {'$int': str(v)}
    if isinstance(v, dict): return {'$dict': [[k, to_wire(x)] for k, x in v.items()]}
    if isinstance(v, tuple): return {'$tuple': [to_wire(x) for x in v]}
    if isinstance(v, list): return [to_wire(x) for x in v]
    if isinstance(v, bytes): return {'$bytes': v.hex()}
    if isinstance(v, uuid.UUID): return {'$uuid': v.hex}
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None: v = v.replace(tzinfo=UTC)
        return {'$date': round(v.timestamp() * 1000)}
    raise TypeError(type(v).__name__)

def serializer(op, app):
    digest = getattr(hashlib, op.get('digest') or 'sha1')
    iface = type('Iface', (SecureCookieSessionInterface,), {'digest_method': staticmethod(digest)})()
    secret = from_wire(op['secret'])
    fallbacks = [from_wire(f) for f in op.get('fallbacks') or []]
    if not fallbacks:
        app.secret_key = secret
        return iface.get_signing_serializer(app)
    # Flask 2.2 predates SECRET_KEY_FALLBACKS: build the serializer as Flask 3.1 does.
    return URLSafeTimedSerializer(
        [*fallbacks, secret], salt=iface.salt, serializer=iface.serializer,
        signer_kwargs=dict(key_derivation=iface.key_derivation, digest_method=iface.digest_method))

def run(op, app):
    kind = op['op']
    if kind == 'json': return {'value': session_json_serializer.dumps(from_wire(op['data']))}
    if kind == 'jsonLoads': return {'data': to_wire(session_json_serializer.loads(op['text']))}
    if kind == 'dumps':
        clock[0] = op['timestamp']
        return {'value': serializer(op, app).dumps(from_wire(op['data']))}
    if kind == 'loads':
        clock[0] = op['now'] if op.get('now') is not None else int(time.time())
        return {'data': to_wire(serializer(op, app).loads(op['cookie'], max_age=op.get('maxAge')))}
    raise ValueError(kind)

app = Flask('phial_interop')
results = []
with app.app_context():
    for op in json.loads(sys.stdin.buffer.read().decode('utf-8')):
        try:
            results.append({'ok': True, **run(op, app)})
        except Exception as e:
            results.append({'ok': False, 'error': type(e).__name__, 'message': str(e)})
sys.stdout.buffer.write(json.dumps(results).encode('ascii'))
`;

let available: boolean | undefined;

/** Whether `/usr/bin/python3 -c 'import flask'` works. */
export function flaskAvailable(): boolean {
  available ??= spawnSync(PYTHON, ['-c', 'import flask, itsdangerous'], { stdio: 'ignore' }).status === 0;
  return available;
}

/**
 * Decides whether a suite's interop tests can run. Without Flask: on CI (`CI=true`) it adds a
 * failing test saying how to install it; elsewhere it prints a notice and the caller skips them.
 */
export function withFlask(test: Test): boolean {
  if (flaskAvailable()) return true;
  const message = `real Flask is missing: ${INSTALL_HINT} (the tests run it as ${PYTHON})`;
  if (process.env.CI === 'true') {
    test('real Flask is installed', () => {
      throw new Error(message);
    });
  } else {
    console.warn(`Skipping Flask interop tests: ${message}`);
  }
  return false;
}

/** Runs the operations in one Python process and returns Flask's answers in order. */
export function runFlask(ops: FlaskOp[]): FlaskResult[] {
  const wireOps = ops.map((op) => {
    const wire: Record<string, unknown> = { ...op };
    if ('data' in op) wire.data = toWire(op.data);
    if ('secret' in op) wire.secret = toWire(op.secret);
    if ('fallbacks' in op) wire.fallbacks = toWire(op.fallbacks);
    return wire;
  });
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(wireOps), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`Flask helper failed (${run.status}): ${run.stderr}`);
  const results = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  return results.map((result) =>
    result.ok
      ? { ok: true, value: result.value as string, data: fromWire(result.data) }
      : { ok: false, error: result.error as string, message: result.message as string },
  );
}

/** Flask's answer to one operation, failing loudly when Flask raised. */
export function flaskOk(result: FlaskResult | undefined): { value: string; data: unknown } {
  if (result === undefined) throw new Error('no answer from Flask');
  if (!result.ok) throw new Error(`Flask raised ${result.error}: ${result.message}`);
  return result;
}

function toWire(value: unknown): unknown {
  if (typeof value === 'bigint') return { $int: value.toString() };
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return { $int: BigInt(value).toString() };
  }
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Tuple) return { $tuple: [...value].map(toWire) };
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toWire(item)));
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('hex') };
  if (value instanceof UUID) return { $uuid: value.hex };
  if (value instanceof Date) return { $date: value.getTime() };
  if (value instanceof Markup) return { $markup: value.html };
  const pairs = Object.entries(value).filter(([, item]) => item !== undefined);
  return { $dict: pairs.map(([key, item]) => [key, toWire(item)]) };
}

function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (typeof value !== 'object' || value === null) return value;
  const [[kind, inner]] = Object.entries(value) as [[string, any]];
  switch (kind) {
    case '$dict':
      return Object.fromEntries((inner as [string, unknown][]).map(([key, item]) => [key, fromWire(item)]));
    case '$tuple': {
      const result = new Tuple();
      for (const item of inner as unknown[]) result.push(fromWire(item));
      return result;
    }
    case '$bytes':
      return Buffer.from(inner, 'hex');
    case '$uuid':
      return new UUID(inner);
    case '$date':
      return new Date(inner);
    case '$markup':
      return new Markup(inner);
    case '$int':
      return Number(inner);
    default:
      throw new Error(`unexpected wire value ${kind}`);
  }
}

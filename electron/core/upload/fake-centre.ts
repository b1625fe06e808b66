/**
 * A small stand-in for the centre server (tests only; center/server is written separately against
 * domain/centre/protocol.ts): enrolment, signature checks on every kiosk request (PATCH bodies
 * included), tus uploads via @tus/server + @tus/file-store, and an idempotent commit that checks
 * each file's SHA-256 on the bytes it holds. Counts what arrived so tests can look for duplicates.
 */
import { createHash, createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import {
  CENTRE_PATHS,
  CommitRequestSchema,
  EnrolRequestSchema,
  KIOSK_AUTH_HEADERS,
  MAX_CLOCK_SKEW_MS,
  signingString,
  type CentreErrorCode,
  type CommitResponse,
} from '../../../domain/centre/protocol.ts';

export interface FakeCentre {
  baseUrl: string;
  uploadsDir: string;
  /** Every request as `METHOD path` (tests look at the order: HEAD before PATCH on resume). */
  requests: string[];
  /** Bytes received in PATCH bodies: equal to the attachment sizes means no byte sent twice. */
  patchedBytes(): number;
  creations(): number;
  commits: Map<string, { response: CommitResponse; fingerprint: string }>;
  signatureFailures: number;
  /** Make the next requests fail (tests of temporary failures). */
  failNext(times: number, status: number, code: CentreErrorCode): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export const startFakeCentre = async (opts: { uploadsDir?: string; port?: number; enrolCode?: string } = {}): Promise<FakeCentre> => {
  const uploadsDir = opts.uploadsDir ?? mkdtempSync(join(tmpdir(), 'fake-centre-'));
  const kiosks = new Map<string, KeyObject>();
  const commits = new Map<string, { response: CommitResponse; fingerprint: string }>();
  const requests: string[] = [];
  let patched = 0;
  let created = 0;
  let failures: { times: number; status: number; code: CentreErrorCode } = { times: 0, status: 500, code: 'internal' };
  let acceptance = 0;
  const state = { signatureFailures: 0 };

  const tus = new TusServer({ path: CENTRE_PATHS.uploads, datastore: new FileStore({ directory: uploadsDir }), respectForwardedHeaders: false });

  const send = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: import('node:http').ServerResponse, status: number, code: CentreErrorCode) => send(res, status, { error: { code, message: code } });

  const authorised = (req: IncomingMessage, body: Buffer): boolean => {
    const kioskId = String(req.headers[KIOSK_AUTH_HEADERS.kiosk] ?? '');
    const time = String(req.headers[KIOSK_AUTH_HEADERS.time] ?? '');
    const signature = String(req.headers[KIOSK_AUTH_HEADERS.signature] ?? '');
    const key = kiosks.get(kioskId);
    if (!key || Math.abs(Date.now() - Number(time)) > MAX_CLOCK_SKEW_MS) return false;
    const text = signingString(req.method ?? '', req.url ?? '', time, createHash('sha256').update(body).digest('hex'));
    return verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64'));
  };

  const uploadIdOf = (uploadUrl: string) => new URL(uploadUrl).pathname.slice(CENTRE_PATHS.uploads.length + 1);

  const server: HttpServer = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = req.url ?? '/';
      requests.push(`${req.method} ${path}`);
      if (path === CENTRE_PATHS.health) return send(res, 200, { ok: true });
      if (path === CENTRE_PATHS.enrol && req.method === 'POST') {
        const parsed = EnrolRequestSchema.safeParse(JSON.parse(body.toString('utf8')));
        if (!parsed.success || (opts.enrolCode && parsed.data.code !== opts.enrolCode)) return fail(res, 400, 'invalid_input');
        const kioskId = randomUUID();
        kiosks.set(kioskId, createPublicKey({ key: Buffer.from(parsed.data.publicKey, 'base64'), format: 'der', type: 'spki' }));
        return send(res, 201, { kioskId, centreName: '测试法律援助中心' });
      }
      if (!authorised(req, body)) {
        state.signatureFailures += 1;
        return fail(res, 401, 'unauthorized');
      }
      if (failures.times > 0) {
        failures = { ...failures, times: failures.times - 1 };
        return fail(res, failures.status, failures.code);
      }
      if (path.startsWith(CENTRE_PATHS.uploads)) {
        if (req.method === 'PATCH') patched += body.length;
        if (req.method === 'POST') created += 1;
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
        const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
        const answer = await tus.handleWeb(
          new Request(`http://${req.headers.host}${path}`, { method: req.method, headers, body: hasBody ? new Uint8Array(body) : undefined }),
        );
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => (out[name] = value));
        res.writeHead(answer.status, out);
        return res.end(Buffer.from(await answer.arrayBuffer()));
      }
      if (path === CENTRE_PATHS.commit && req.method === 'POST') {
        const parsed = CommitRequestSchema.safeParse(JSON.parse(body.toString('utf8')));
        if (!parsed.success) return fail(res, 400, 'invalid_input');
        const commit = parsed.data;
        const fingerprint = JSON.stringify({ record: commit.record, attachments: commit.attachments.map((a) => [a.attachmentId, a.sha256]) });
        const before = commits.get(commit.applicationId);
        if (before) return before.fingerprint === fingerprint ? send(res, 200, { ...before.response, replay: true }) : fail(res, 409, 'conflict');
        for (const a of commit.attachments) {
          const file = join(uploadsDir, uploadIdOf(a.uploadUrl));
          if (!existsSync(file)) return fail(res, 409, 'upload_incomplete');
          const bytes = readFileSync(file);
          if (bytes.length !== a.size) return fail(res, 409, 'upload_incomplete');
          if (createHash('sha256').update(bytes).digest('hex') !== a.sha256) return fail(res, 409, 'hash_mismatch');
        }
        acceptance += 1;
        const response: CommitResponse = {
          applicationId: commit.applicationId,
          acceptanceNumber: `FY2026-${String(acceptance).padStart(6, '0')}`,
          receivedAt: new Date().toISOString(),
          replay: false,
        };
        commits.set(commit.applicationId, { response, fingerprint });
        return send(res, 201, response);
      }
      return fail(res, 404, 'invalid_input');
    })().catch(() => {
      if (!res.headersSent) fail(res, 500, 'internal');
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    uploadsDir,
    requests,
    patchedBytes: () => patched,
    creations: () => created,
    commits,
    get signatureFailures() {
      return state.signatureFailures;
    },
    failNext(times, status, code) {
      failures = { times, status, code };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

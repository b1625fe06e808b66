/**
 * Test support for video consultations: real WebSocket clients of the centre's two consultation
 * sockets, as a kiosk (signed upgrade) and as a lawyer's console (session cookie and Origin), with a
 * message buffer to wait on (`nextMessage('ring')`); and the setup they need: lawyers with dispatch
 * profiles, kiosks enrolled at a chosen station and region.
 *
 * Messages are validated with the protocol's schemas on arrival, so a test fails when the centre
 * sends something the kiosk or the console could not read.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { z } from 'zod';
import { CENTRE_PATHS } from '../../../domain/centre/protocol.ts';
import {
  CentreToConsoleSchema,
  CentreToKioskSchema,
  CONSULT_PATHS,
  type CentreToConsole,
  type CentreToKiosk,
  type ConsoleToCentre,
  type KioskToCentre,
  type LawyerProfileBody,
} from '../../../domain/consult/protocol.ts';
import type { ConsoleClient } from './console-client.ts';
import { createEnrolmentCode, createTestAccount, newKioskKeys, signedHeaders, type TestAccount, type TestCentre, type TestKiosk } from './harness.ts';

export interface ConsultSocket<In extends { type: string }, Out> {
  readonly socket: WebSocket;
  /** Every message received so far, in order (including those already taken by nextMessage). */
  readonly received: readonly In[];
  send(message: Out): void;
  /** Anything at all, for hostile-input tests. */
  sendRaw(data: string | Buffer): void;
  /**
   * The next not yet taken message of this type (and matching `where`), waiting up to `timeoutMs`
   * (default 5 s). Messages of other types stay in the buffer for later calls.
   */
  nextMessage<T extends In['type']>(type: T, options?: { timeoutMs?: number; where?: (m: Extract<In, { type: T }>) => boolean }): Promise<Extract<In, { type: T }>>;
  /** Resolves true when no such message arrives within `ms` (for "nothing was rung" checks). */
  noMessage(type: In['type'], ms: number): Promise<boolean>;
  /** Resolves with the close code and reason once the socket is closed (by either side). */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export type KioskConsultSocket = ConsultSocket<CentreToKiosk, KioskToCentre>;
export type ConsoleConsultSocket = ConsultSocket<CentreToConsole, ConsoleToCentre>;

/** The centre answered the upgrade with an HTTP status instead of a socket. */
export class SocketRefused extends Error {
  constructor(readonly status: number) {
    super(`socket refused with HTTP ${status}`);
  }
}

const wsUrl = (baseUrl: string, path: string) => {
  const url = new URL(path, baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
};

const openSocket = <In extends { type: string }, Out>(url: string, headers: Record<string, string>, schema: z.ZodType<In>): Promise<ConsultSocket<In, Out>> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const received: In[] = [];
    const taken = new Set<number>();
    const waiters = new Set<() => void>();
    let invalid: string | null = null;
    const closed = new Promise<{ code: number; reason: string }>((resolveClosed) => {
      socket.on('close', (code, reason) => {
        resolveClosed({ code, reason: reason.toString() });
        for (const wake of waiters) wake();
      });
    });
    // Attached before the socket opens: nothing the centre sends first (hello) can be missed.
    socket.on('message', (data) => {
      let value: unknown;
      try {
        value = JSON.parse(String(data));
      } catch {
        value = undefined;
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) invalid = `the centre sent a message the protocol does not allow: ${String(data).slice(0, 200)}`;
      else received.push(parsed.data);
      for (const wake of waiters) wake();
    });
    socket.on('unexpected-response', (_request, response) => {
      reject(new SocketRefused(response.statusCode ?? 0));
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
    socket.on('open', () => {
      const find = (type: string, where?: (m: never) => boolean): number =>
        received.findIndex((m, i) => !taken.has(i) && m.type === type && (where === undefined || where(m as never)));
      const client: ConsultSocket<In, Out> = {
        socket,
        received,
        send: (message) => socket.send(JSON.stringify(message)),
        sendRaw: (data) => socket.send(data),
        nextMessage: (type, options = {}) =>
          new Promise((resolveMessage, rejectMessage) => {
            const check = (): boolean => {
              if (invalid !== null) {
                rejectMessage(new Error(invalid));
                return true;
              }
              const index = find(type, options.where as ((m: never) => boolean) | undefined);
              if (index < 0) {
                if (socket.readyState === WebSocket.CLOSED) {
                  rejectMessage(new Error(`socket closed while waiting for ${type}; got: ${received.map((m) => m.type).join(', ')}`));
                  return true;
                }
                return false;
              }
              taken.add(index);
              resolveMessage(received[index] as never);
              return true;
            };
            if (check()) return;
            const wake = () => {
              if (check()) done();
            };
            const timer = setTimeout(() => {
              done();
              rejectMessage(new Error(`no ${type} within ${options.timeoutMs ?? 5000} ms; got: ${received.map((m) => m.type).join(', ')}`));
            }, options.timeoutMs ?? 5000);
            const done = () => {
              clearTimeout(timer);
              waiters.delete(wake);
            };
            waiters.add(wake);
          }),
        noMessage: (type, ms) =>
          new Promise((resolveNone) => {
            const start = received.length;
            setTimeout(() => resolveNone(!received.slice(start).some((m) => m.type === type)), ms);
          }),
        closed,
        close: () => socket.close(),
      };
      resolve(client);
    });
  });

/** The HTTP status an upgrade to `path` with these headers gets: 101 when a socket opened (it is closed again). */
export const upgradeStatus = (baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<number> =>
  new Promise((resolve) => {
    const socket = new WebSocket(wsUrl(baseUrl, path), { headers });
    socket.on('error', () => resolve(0));
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
  });

/** A kiosk's consultation socket, the upgrade signed like any kiosk request (GET, path, empty body). */
export const openKioskSocket = (baseUrl: string, kiosk: TestKiosk, options: { time?: number; kioskId?: string } = {}): Promise<KioskConsultSocket> =>
  openSocket<CentreToKiosk, KioskToCentre>(
    wsUrl(baseUrl, CONSULT_PATHS.kioskSocket),
    signedHeaders(kiosk, 'GET', CONSULT_PATHS.kioskSocket, Buffer.alloc(0), options),
    CentreToKioskSchema,
  );

/** A console's consultation socket with the signed-in account's cookie; the Origin is the centre's unless given. */
export const openConsoleSocket = (baseUrl: string, client: Pick<ConsoleClient, 'cookie'>, options: { origin?: string | null } = {}): Promise<ConsoleConsultSocket> => {
  const origin = options.origin === undefined ? new URL(baseUrl).origin : options.origin;
  return openSocket<CentreToConsole, ConsoleToCentre>(
    wsUrl(baseUrl, CONSULT_PATHS.consoleSocket),
    { cookie: client.cookie, ...(origin === null ? {} : { origin }) },
    CentreToConsoleSchema,
  );
};

/** A kiosk enrolled at a given station and region (the harness's enrolKiosk always uses 440106). */
export const enrolKioskAt = async (baseUrl: string, station: { stationName: string; regionCode: string }, kiosk: TestKiosk = newKioskKeys()): Promise<TestKiosk> => {
  const code = await createEnrolmentCode(baseUrl);
  const res = await fetch(`${baseUrl}${CENTRE_PATHS.enrol}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, publicKey: kiosk.publicKeySpki, stationName: station.stationName, regionCode: station.regionCode }),
  });
  if (res.status !== 201) throw new Error(`enrol failed: ${res.status}`);
  kiosk.kioskId = ((await res.json()) as { kioskId: string }).kioskId;
  return kiosk;
};

export type TestLawyerProfile = Partial<LawyerProfileBody> & { readonly regionCodes: readonly string[] };

/**
 * A lawyer account with a dispatch profile written straight to the database (as the profile editor
 * would), then announced to the running dispatcher.
 */
export const createTestLawyer = async (centre: TestCentre, profile: TestLawyerProfile): Promise<TestAccount> => {
  const account = await createTestAccount(centre, { role: 'lawyer', ...(profile.displayName ? { displayName: profile.displayName } : {}) });
  await centre.db
    .insertInto('lawyer_profiles')
    .values({
      account_id: account.id,
      display_name: profile.displayName ?? account.displayName,
      organisation: profile.organisation ?? '测试律师事务所',
      region_codes: JSON.stringify(profile.regionCodes),
      matter_categories: JSON.stringify(profile.matterCategories ?? ['labour', 'family', 'support', 'injury', 'consumer', 'property', 'other']),
      languages: JSON.stringify(profile.languages ?? ['zh']),
      updated_at: new Date().toISOString(),
    })
    .execute();
  await centre.consult.profileChanged(account.id);
  return account;
};

/** A request as the kiosk core sends it (recording consented, the citizen's name shared). */
export const consultRequest = (overrides: Partial<Extract<KioskToCentre, { type: 'request' }>> = {}): Extract<KioskToCentre, { type: 'request' }> => ({
  type: 'request',
  consultationId: randomUUID(),
  matterCategory: 'labour',
  language: 'zh',
  recordingConsent: true,
  citizen: { name: '张三', verification: 'face' },
  ...overrides,
});

/** A console that has said hello and is available (the heartbeat); resolves after the centre agrees. */
export const availableLawyer = async (baseUrl: string, client: Pick<ConsoleClient, 'cookie'>): Promise<ConsoleConsultSocket> => {
  const socket = await openConsoleSocket(baseUrl, client);
  await socket.nextMessage('hello');
  socket.send({ type: 'presence', presence: 'available' });
  await socket.nextMessage('presence', { where: (m) => m.presence === 'available' || m.presence === 'ringing' });
  return socket;
};

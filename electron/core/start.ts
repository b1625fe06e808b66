/**
 * Composition root of the kiosk core: the only module that reads the environment and the
 * provisioning file, picks real or simulated devices, and hands everything to buildCore.
 *
 * Prints `KIOSK_CORE_READY {"apiBase":"http://127.0.0.1:PORT"}` on stdout once listening (the
 * shell's supervisor and `npm start` wait for it); logs are JSON lines on stderr.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statfsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KioskConfig } from './api/contract.ts';
import type { SimulatorControls } from './api/handlers.ts';
import { buildCore } from './app.ts';
import { configFromEnv, CoreConfigSchema, DEMO_TECHNICIAN_PIN, mergeConfig, type CoreConfig } from './config.ts';
import { createSerialTransport } from './devices/id-card/serial-transport.ts';
import { SerialSamReader } from './devices/id-card/serial-driver.ts';
import { DEMO_CARDS, faceFixtureCards } from './devices/id-card/demo-cards.ts';
import { startSimulatedReader } from './devices/id-card/simulator.ts';
import { createSimulatorPhotoDecoder } from './devices/id-card/simulator-photo-decoder.ts';
import { createNativePhotoDecoder, noPhotoDecoder } from './devices/id-card/native-photo-decoder.ts';
import type { PhotoDecoder } from './devices/id-card/reader.ts';
import { systemClock } from './services/clock.ts';
import { createJsonLogger } from './services/logger.ts';
import { createSettingsFile, updateSettingsFile } from './services/settings-file.ts';
import { createProvisioning, listPrinterQueues, listSerialPorts, type Station } from './services/provisioning.ts';
import { runCommand } from './printing/cups-printer.ts';
import { DEFAULT_TIME_ZONE, localTimestamp } from './store/local-time.ts';
import { createEspeakVoice, espeakTag, unavailableVoice, type VoiceRenderer } from './services/voice.ts';
import { withPromptCache } from './services/voice-prompt-cache.ts';
import { withRecordings } from './services/voice-recordings.ts';
import { mergeRulePacks } from '../../domain/legal-aid/rule-pack.ts';
import { LegalAidRules } from './services/legal-aid-rules.ts';
import { createStoreKey, loadStoreKey, openKioskStore } from './store/index.ts';
import { ChromiumPdfRenderer, CupsPrinter, DirectoryPrinter, createPrintService } from './printing/index.ts';
import { PortPdfRenderer, type ParentPortLike } from './printing/port-pdf-renderer.ts';
import type { CoreDeps } from './app.ts';
import type { CentreLink } from './api/handlers.ts';
import { checkHealth, createCentreClient, createOutboxWorker, createTusUploader, enrol, loadDeviceIdentity, type OutboxWorker } from './upload/index.ts';
import type { KioskStore } from './store/index.ts';
import { consultCentre, createConsultationUploads } from './consult/recording-uploader.ts';
import type { ConsultationOutbox } from './consult/consultation-outbox.ts';
import type { HeartbeatRequest } from '../../domain/centre/protocol.ts';
import { STATUS_PATHS } from '../../domain/centre/console-api.ts';
import type { Logger } from './services/logger.ts';
import { EducationLibrary, createEducationUpdater } from './education/index.ts';
import { loadDocumentTemplates } from './documents/templates.ts';

/** espeak-ng (its `cmn-latn-pinyin` and `en-us` voices) where its installers put it; without it the kiosk speaks only recordings. */
const ESPEAK_NG = process.platform === 'win32' ? 'C:\\Program Files\\eSpeak NG\\espeak-ng.exe' : '/usr/bin/espeak-ng';
const VOICE_WPM = 140;

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Recorded voice files first, then table prompts from the disk cache, then espeak-ng. */
const composeVoice = (config: CoreConfig, logger: Logger): VoiceRenderer => {
  const binary = config.voice.espeak ?? ESPEAK_NG;
  const engine = existsSync(binary) ? createEspeakVoice({ binary, wordsPerMinute: VOICE_WPM }) : unavailableVoice;
  const cached = withPromptCache(engine, { dir: join(config.dataDir, 'voice-cache'), engineTag: espeakTag(VOICE_WPM), logger });
  return withRecordings(cached, config.voice.recordingsDir ?? join(repoRoot, 'resources', 'voice'), logger);
};
const logger = createJsonLogger((line) => process.stderr.write(line));
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Test face photos named like card ids (`person-a-1.jpg`); anything else is ignored. */
const listFacePhotoIds = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => /^[a-z0-9][a-z0-9-]{0,62}\.(jpg|png)$/.test(name))
    .map((name) => name.replace(/\.(jpg|png)$/, ''))
    .sort();

const loadConfig = (): CoreConfig => {
  const env = configFromEnv(process.env);
  const dataDir = String(env.dataDir ?? join(repoRoot, '.data', 'kiosk'));
  const file = join(dataDir, 'kiosk-config.json');
  const fromFile = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const parsed = CoreConfigSchema.safeParse(mergeConfig(fromFile, { dataDir, ...env }));
  if (!parsed.success) {
    // Paths only: configuration may contain the PIN.
    const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    logger.error('config.invalid', { fields: where });
    process.exit(2);
  }
  return parsed.data;
};

/** Electron's utility-process port to the shell; undefined when the core runs as plain Node. */
const electronParentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;

/** How often personal data past the retention window is purged while the kiosk runs. */
const PURGE_EVERY_MS = 6 * 60 * 60 * 1000;

/** The national pack plus the configured province's extension, from resources/legal-aid. */
const loadRules = (config: CoreConfig, log: Logger): LegalAidRules | null => {
  const dir = join(repoRoot, 'resources', 'legal-aid');
  const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
  try {
    const national = readJson(join(dir, 'national.json'));
    const province = config.legalAid.province;
    const extension = province ? readJson(join(dir, 'provinces', `${province}.json`)) : undefined;
    const merged = mergeRulePacks(national, extension);
    if (!merged.ok) {
      log.error('legal_aid.rules_invalid', { issues: merged.error.issues.length });
      return null;
    }
    log.info('legal_aid.rules_loaded', { version: merged.value.version });
    return new LegalAidRules(merged.value, config.legalAid.regionCode);
  } catch (error) {
    log.error('legal_aid.rules_unreadable', { name: error instanceof Error ? error.name : 'unknown' });
    return null;
  }
};

/**
 * The store key is provisioned (a technician writes it, never the repo). Only the simulator makes
 * one itself, in the data directory, so `npm start` and the tests run without provisioning.
 */
const storeKey = (config: CoreConfig, simulated: boolean, log: Logger): Uint8Array | null => {
  const file = config.storeKeyFile ?? (simulated ? join(config.dataDir, 'keys', 'store.key') : null);
  if (!file) {
    log.error('store.key_not_configured', { hint: 'set KIOSK_STORE_KEY_FILE or storeKeyFile in kiosk-config.json' });
    return null;
  }
  const loaded = loadStoreKey(file);
  if (loaded.ok) return loaded.value;
  if (loaded.error.code === 'missing' && simulated && !config.storeKeyFile) {
    mkdirSync(join(config.dataDir, 'keys'), { recursive: true, mode: 0o700 });
    return createStoreKey(file);
  }
  log.error('store.key_unusable', { code: loaded.error.code });
  return null;
};

const buildLegalAid = (config: CoreConfig, simulated: boolean): Omit<NonNullable<CoreDeps['legalAid']>, 'statusBaseUrl'> | null => {
  // Printed pages carry the person's name and ID number: writing them to a directory is for the
  // simulator only; a real kiosk prints through CUPS (whose spool keeps no copies, see printing/README).
  const printingMode = config.printing.mode ?? (simulated ? 'directory' : 'cups');
  if (printingMode === 'directory' && !simulated) {
    logger.error('printing.directory_needs_simulator', { hint: 'set KIOSK_PRINTING=cups with a real reader' });
    return null;
  }
  const rules = loadRules(config, logger);
  const key = rules ? storeKey(config, simulated, logger) : null;
  if (!rules || !key) return null;
  const opened = openKioskStore({
    dbFile: join(config.dataDir, 'kiosk.db'),
    attachmentsDir: join(config.dataDir, 'attachments'),
    key,
    now: () => Date.now(),
    stationCode: config.legalAid.regionCode,
  });
  key.fill(0);
  if (!opened.ok) {
    logger.error('store.open_failed', { code: opened.error.code });
    return null;
  }
  const store = opened.value;
  const purge = () => {
    const purged = store.purgeExpired(config.legalAid.retentionDays);
    if (purged.applications > 0) logger.info('store.purged', purged);
  };
  purge();
  setInterval(purge, PURGE_EVERY_MS).unref();

  const { printing } = config;
  const printerFor = (queue: string) =>
    printingMode === 'cups' ? new CupsPrinter({ queue }) : new DirectoryPrinter({ dir: join(config.dataDir, 'printed'), name: queue });
  const printService = createPrintService({
    // Under the Electron shell (a utility process has a parent port) the shell's Chromium renders
    // with printToPDF; elsewhere the core drives headless Debian Chromium itself.
    renderer: electronParentPort ? new PortPdfRenderer(electronParentPort) : new ChromiumPdfRenderer({ executablePath: printing.chromium }),
    receiptPrinter: printerFor(printing.receiptQueue),
    a4Printer: printerFor(printing.a4Queue),
    now: () => Date.now(),
    jobTimeoutMs: printing.jobTimeoutMs,
  });
  return {
    rules,
    store,
    printService,
    queues: { receipt: printing.receiptQueue, a4: printing.a4Queue },
  };
};

/**
 * Uploads (issue 5): once the kiosk is enrolled (its key pair and kiosk id in <dataDir>/keys, the
 * centre's URL in the config), one outbox worker drains submitted applications to the centre.
 */
/** Where the receipt's QR code points: the configured page, else the enrolled centre's, else the local default. */
const statusBaseUrl = (config: CoreConfig, centreUrl: string | null): string =>
  config.legalAid.statusBaseUrl ?? `${(centreUrl ?? DEFAULT_CENTRE_URL).replace(/\/$/, '')}${STATUS_PATHS.publicPage}`;
/** The centre `npm start` runs beside the simulator kiosk. */
const DEFAULT_CENTRE_URL = 'http://127.0.0.1:8740';

/** Free bytes on the data directory's file system (null where statfs is not available). */
const diskFreeBytes = (dir: string): number | null => {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
};

/** How often an enrolled kiosk reports its health to the centre's fleet page. */
const HEARTBEAT_EVERY_MS = 60_000;
/** A person stands at the screen during a status look-up: a slow centre gets this long. */
const STATUS_LOOKUP_TIMEOUT_MS = 8_000;
/** The technician's reachability check waits this long for each answer. */
const REACHABILITY_TIMEOUT_MS = 8_000;

const createCentreLink = (
  config: CoreConfig,
  store: KioskStore,
  settings: { setCentreUrl(url: string): Promise<void> },
  health: () => Promise<HeartbeatRequest>,
  station: () => Station,
) => {
  const identityDir = join(config.dataDir, 'keys');
  let worker: OutboxWorker | null = null;
  let consultUploads: ConsultationOutbox | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let centreUrl = config.centreUrl;
  let lastSyncAt: string | null = null;
  const onAnswered = () => {
    lastSyncAt = localTimestamp(Date.now(), DEFAULT_TIME_ZONE);
  };
  /** A client for the enrolled identity, or null when the kiosk is not enrolled. */
  const enrolledClient = (timeoutMs?: number) => {
    const identity = loadDeviceIdentity(identityDir, Date.now);
    if (!centreUrl || !identity.ok || identity.value.kioskId() === null) return null;
    return createCentreClient({ baseUrl: centreUrl, identity: identity.value, onAnswered, ...(timeoutMs ? { timeoutMs } : {}) });
  };
  const startWorker = async (centreUrl: string) => {
    const identity = loadDeviceIdentity(identityDir, Date.now);
    if (!identity.ok || identity.value.kioskId() === null) {
      logger.info('upload.not_enrolled', { code: identity.ok ? 'no_kiosk_id' : identity.error.code });
      return;
    }
    await worker?.stop();
    await consultUploads?.stop();
    if (heartbeat) clearInterval(heartbeat);
    const client = createCentreClient({ baseUrl: centreUrl, identity: identity.value, onAnswered });
    // Finished video consultations (recording + record) go in their own lane beside the applications.
    consultUploads = createConsultationUploads({ baseUrl: centreUrl, identity: identity.value, store: store.consultations, client, logger });
    consultUploads.start();
    const beat = async () => {
      const sent = await client.heartbeat(await health());
      if (!sent.ok) logger.info('upload.heartbeat_failed', { code: sent.error.code });
    };
    heartbeat = setInterval(() => void beat().catch(() => undefined), HEARTBEAT_EVERY_MS);
    heartbeat.unref();
    void beat().catch(() => undefined);
    worker = createOutboxWorker({
      store,
      uploader: createTusUploader({ baseUrl: centreUrl, identity: identity.value, urls: store }),
      centre: client,
      logger,
      now: () => Date.now(),
      random: Math.random,
    });
    worker.start();
    logger.info('upload.worker_started', {});
  };
  const link: CentreLink = {
    enrol: async (url, code) => {
      const enrolled = await enrol(url, { code, ...station() }, { identityDir });
      if (!enrolled.ok) {
        logger.warn('upload.enrol_failed', { code: enrolled.error.code });
        return { ok: false, error: { code: enrolled.error.code } };
      }
      await settings.setCentreUrl(url);
      centreUrl = url;
      await startWorker(url);
      return { ok: true, value: enrolled.value };
    },
    status: () => {
      const identity = loadDeviceIdentity(identityDir, Date.now);
      return { url: centreUrl, kioskId: identity.ok ? identity.value.kioskId() : null };
    },
    lastSyncAt: () => lastSyncAt,
    lookupStatus: async (idNumber) => {
      const client = enrolledClient();
      if (!client) return { ok: false, error: { code: 'not_enrolled' } };
      return client.statusLookup(idNumber, { timeoutMs: STATUS_LOOKUP_TIMEOUT_MS });
    },
    check: async () => {
      const client = enrolledClient(REACHABILITY_TIMEOUT_MS);
      if (!client) {
        // Not enrolled: the network and the centre's health are still worth knowing.
        return { health: centreUrl ? await checkHealth(centreUrl, { timeoutMs: REACHABILITY_TIMEOUT_MS }) : false, heartbeat: null };
      }
      // A health report that cannot be gathered (a printer query failing) is a failed heartbeat, not a crash.
      const beat = health().then(
        async (body) => (await client.heartbeat(body)).ok,
        () => false,
      );
      const [reachable, accepted] = await Promise.all([client.health(), beat]);
      return { health: reachable, heartbeat: accepted };
    },
  };
  return {
    link,
    /** The enrolled centre for a video consultation, or null while not enrolled. */
    consultCentre: () => {
      const identity = loadDeviceIdentity(identityDir, Date.now);
      if (!centreUrl || !identity.ok || identity.value.kioskId() === null) return null;
      const url = centreUrl;
      return consultCentre(url, identity.value, () => checkHealth(url, { timeoutMs: REACHABILITY_TIMEOUT_MS }));
    },
    start: () => (config.centreUrl ? startWorker(config.centreUrl) : Promise.resolve()),
    nudge: () => {
      worker?.nudge();
      consultUploads?.nudge();
    },
    stop: async () => {
      if (heartbeat) clearInterval(heartbeat);
      await worker?.stop();
      await consultUploads?.stop();
    },
  };
};

const main = async () => {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const simulated = config.idCard.port === undefined;
  const technicianPin = config.technicianPin ?? (simulated ? DEMO_TECHNICIAN_PIN : undefined);
  if (!technicianPin) {
    logger.error('config.technician_pin_missing', { hint: 'set KIOSK_TECH_PIN or technicianPin in kiosk-config.json' });
    process.exit(2);
  }

  let readerPath: string;
  let simulator: (SimulatorControls & { stop(): Promise<void> }) | null = null;
  let photoDecoder: PhotoDecoder;
  if (simulated) {
    const faceDir = config.idCard.simFaceCardsDir;
    const faceCards = faceDir ? faceFixtureCards(listFacePhotoIds(faceDir)) : [];
    const sim = await startSimulatedReader({
      dir: join(config.dataDir, 'simulator'),
      readDelayMs: config.idCard.simReadDelayMs,
      cards: [...DEMO_CARDS, ...faceCards],
    });
    simulator = sim;
    readerPath = sim.readerPath;
    const demoImages = join(repoRoot, 'resources', 'demo-cards');
    photoDecoder = createSimulatorPhotoDecoder({ imageDir: faceDir ? [demoImages, faceDir] : demoImages });
  } else {
    readerPath = config.idCard.port!;
    photoDecoder = config.idCard.photoHelper ? createNativePhotoDecoder({ helperPath: config.idCard.photoHelper }) : noPhotoDecoder;
  }

  const reader = new SerialSamReader({
    transport: createSerialTransport({ path: readerPath, baudRate: config.idCard.baudRate }),
    simulated,
    timings: { pollMs: config.idCard.pollMs },
    log: (level, message) => (level === 'debug' ? undefined : logger[level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'info']('reader', { message })),
  });

  const kiosk: KioskConfig = {
    version,
    locale: 'zh-CN',
    simulator: simulated,
    idleSeconds: config.idleSeconds,
    countdownSeconds: config.countdownSeconds,
    technicianLongPressMs: config.technicianLongPressMs,
    stationName: config.stationName,
    face: { ...config.face },
    documentCameraDeviceId: config.documentCameraDeviceId,
  };
  const settingsPath = join(config.dataDir, 'kiosk-config.json');
  const settings = createSettingsFile(settingsPath);
  const provisioning = createProvisioning({
    running: {
      stationName: config.stationName,
      regionCode: config.legalAid.regionCode,
      readerPort: config.idCard.port ?? null,
      receiptQueue: config.printing.receiptQueue,
      a4Queue: config.printing.a4Queue,
    },
    update: (patch) => updateSettingsFile(settingsPath, patch),
    listSerialPorts: () => listSerialPorts(),
    listPrinterQueues: () => listPrinterQueues(runCommand),
  });
  const legalAid = buildLegalAid(config, simulated);
  const startedAt = Date.now();
  const centre = legalAid
    ? createCentreLink(config, legalAid.store, settings, async (): Promise<HeartbeatRequest> => {
        const printers = await legalAid.printService.printerStatus();
        return {
          version,
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          reader: reader.status().state,
          printers: { receipt: printers.receipt.state, a4: printers.a4.state },
          diskFreeBytes: diskFreeBytes(config.dataDir),
          outbox: legalAid.store.outboxStats(),
        };
      }, () => provisioning.station())
    : null;
  // Legal education: the built-in bundle, or a newer one the centre pushed (kept in <dataDir>/education).
  const educationLibrary = new EducationLibrary({ builtInDir: join(repoRoot, 'resources', 'education'), dataDir: join(config.dataDir, 'education'), logger, now: Date.now });
  educationLibrary.load();
  const educationUpdater = createEducationUpdater({
    library: educationLibrary,
    centre: () => {
      const url = centre?.link.status().url ?? config.centreUrl;
      const identity = loadDeviceIdentity(join(config.dataDir, 'keys'), Date.now);
      return url && identity.ok && identity.value.kioskId() !== null ? { baseUrl: url, identity: identity.value } : null;
    },
    logger,
    now: Date.now,
  });
  const benchTimings = process.env.KIOSK_BENCH_TIMINGS === '1';
  const core = await buildCore({
    kiosk,
    api: {
      secret: config.apiSecret ?? randomBytes(32).toString('hex'),
      port: config.apiPort,
      allowedOrigins: config.allowedOrigins,
      rendererDir: config.rendererDir,
    },
    technicianPin,
    reader,
    photoDecoder,
    simulator,
    settings,
    voice: composeVoice(config, logger),
    clock: systemClock,
    logger,
    legalAid: legalAid ? { ...legalAid, statusBaseUrl: () => statusBaseUrl(config, centre?.link.status().url ?? null), ...(centre ? { onSubmitted: () => centre.nudge() } : {}) } : null,
    centre: centre?.link ?? null,
    consult: centre ? { centre: () => centre.consultCentre(), onQueued: () => centre.nudge() } : null,
    provisioning,
    documentTemplates: loadDocumentTemplates(join(repoRoot, 'resources', 'documents')),
    education: {
      library: educationLibrary,
      updater: educationUpdater,
      attract: { afterSeconds: config.education.attractSeconds, everySeconds: config.education.attractCycleSeconds },
    },
    ...(benchTimings
      ? {
          // Benchmark hook: times only, no personal data.
          onCardPublished: (receivedAt: number, publishedAt: number) =>
            process.stdout.write(`KIOSK_BENCH ${JSON.stringify({ receivedAt, publishedAt })}\n`),
        }
      : {}),
  });
  await centre?.start();
  const stopEducationUpdates = educationUpdater.start(config.education.checkMinutes * 60_000);
  process.stdout.write(`KIOSK_CORE_READY ${JSON.stringify({ apiBase: core.apiBase })}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('core.stopping', { signal });
    stopEducationUpdates();
    // The worker first: it may be mid-step with the store, which core.stop closes.
    await centre?.stop();
    await core.stop();
    await simulator?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A bug somewhere must not take the kiosk down silently with a person's data on screen: log the
  // error class (not its message, which might carry data) and keep serving; the shell restarts us
  // if the process dies anyway.
  process.on('unhandledRejection', (reason) => logger.error('core.unhandled_rejection', { name: reason instanceof Error ? reason.name : typeof reason }));
};

main().catch((error: unknown) => {
  logger.error('core.start_failed', { name: error instanceof Error ? error.name : typeof error, code: (error as { code?: string }).code ?? null });
  process.exit(1);
});

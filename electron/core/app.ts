import type { KioskConfig } from './api/contract.ts';
import { createHandlers, type CentreLink, type SettingsStore, type SimulatorControls } from './api/handlers.ts';
import { startApiServer, type ApiServer } from './api/server.ts';
import type { IdCardReader, PhotoDecoder } from './devices/id-card/reader.ts';
import { startCardIntake } from './services/card-intake.ts';
import type { Clock } from './services/clock.ts';
import { EventHub } from './services/event-hub.ts';
import type { Logger } from './services/logger.ts';
import { SessionService } from './services/session.ts';
import { TechnicianAccess } from './services/technician.ts';
import { unavailableVoice, withVoiceLog, type VoiceRenderer } from './services/voice.ts';
import { ApplicationService } from './services/application-service.ts';
import { createApplicationPrinter } from './services/application-printing.ts';
import type { LegalAidRules } from './services/legal-aid-rules.ts';
import type { KioskStore } from './store/kiosk-store.ts';
import type { PrintService } from './printing/print-service.ts';
import { qrSvg } from './printing/qr.ts';
import { StatusLookupService } from './services/status-lookup.ts';
import { statusSlipView } from './services/status-lookup-printing.ts';
import type { Provisioning } from './services/provisioning.ts';
import { DEFAULT_TIME_ZONE, localTimestamp } from './store/local-time.ts';
import type { PrintResult, StatusItem } from './api/contract.ts';
import { createConsultationService, type ConsultCentre, type ConsultationServiceDeps } from './consult/consultation-service.ts';
import type { Education } from './education/index.ts';
import { DocumentDrafting } from './documents/drafting.ts';
import type { DocumentTemplate } from '../../domain/documents/template.ts';

export interface CoreDeps {
  readonly kiosk: KioskConfig;
  readonly api: {
    readonly secret: string;
    readonly port: number;
    readonly allowedOrigins: readonly string[];
    readonly rendererDir: string | null;
  };
  readonly technicianPin: string;
  readonly reader: IdCardReader;
  readonly photoDecoder: PhotoDecoder;
  readonly simulator: SimulatorControls | null;
  readonly settings: SettingsStore;
  /** Renders spoken prompts; absent or `unavailableVoice` when the machine has no engine. */
  readonly voice?: VoiceRenderer;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Legal-aid applications: the rule pack, the encrypted store and printing. Null when the kiosk
   * cannot take applications (the screen then says so and offers the hotline).
   */
  readonly legalAid: {
    readonly rules: LegalAidRules;
    readonly store: KioskStore;
    readonly printService: PrintService;
    readonly statusBaseUrl: () => string;
    readonly queues: { readonly receipt: string; readonly a4: string };
    /** Called after each stored application: the upload worker looks at the outbox at once. */
    readonly onSubmitted?: () => void;
  } | null;
  /** Enrolment with the centre (issue 5); null when the kiosk cannot take applications. */
  readonly centre?: CentreLink | null;
  /** The technician's station and device choices (provisioning wizard). */
  readonly provisioning?: Provisioning | null;
  /** Legal education (issue 7): the bundle library and its updates from the centre. */
  readonly education?: Education | null;
  /** Document drafting (issue 7): the templates of resources/documents; absent: the screen says it is not available. */
  readonly documentTemplates?: readonly DocumentTemplate[];
  /**
   * Video consultations (issue 6): the enrolled centre (null while not enrolled) and a nudge for
   * the upload worker. Recordings live in the legal-aid store, so without it there is no call.
   */
  readonly consult?: {
    readonly centre: () => ConsultCentre | null;
    readonly onQueued?: () => void;
    readonly socket?: ConsultationServiceDeps['socket'];
  } | null;
  /** Benchmark hook: see CardIntakeOptions.onCardPublished. */
  readonly onCardPublished?: (receivedAt: number, publishedAt: number) => void;
}

export interface Core {
  readonly apiBase: string;
  readonly events: EventHub;
  readonly sessions: SessionService;
  stop(): Promise<void>;
}

/**
 * Pure wiring: every device, clock and setting comes in through `deps`, so tests and the
 * composition root (start.ts) build the same core with different parts.
 */
export const buildCore = async (deps: CoreDeps): Promise<Core> => {
  const events = new EventHub();
  const { kiosk, clock, logger, reader } = deps;
  const voice = deps.voice ?? unavailableVoice;
  const sessions = new SessionService({
    clock,
    events,
    logger,
    // Generous: the renderer's own prompt + countdown should always come first.
    backstopIdleMs: (kiosk.idleSeconds + kiosk.countdownSeconds + 60) * 1000,
  });
  // A cached render may be someone's name read aloud: it goes with the session.
  const stopVoiceForget = events.subscribe((event) => {
    if (event.type === 'session.ended') voice.forget();
  });
  const technician = new TechnicianAccess({ pin: deps.technicianPin, clock, logger });
  const stopIntake = startCardIntake({
    reader,
    photoDecoder: deps.photoDecoder,
    sessions,
    events,
    clock,
    logger,
    ...(deps.onCardPublished ? { onCardPublished: deps.onCardPublished } : {}),
  });
  const legalAid = deps.legalAid
    ? (() => {
        const { rules, store, printService, statusBaseUrl, queues } = deps.legalAid;
        const printer = createApplicationPrinter({ service: printService, pack: rules.pack, stationName: kiosk.stationName, queues });
        const applications = new ApplicationService({
          sessions,
          rules,
          store,
          printer,
          statusBaseUrl,
          qrSvg,
          clock,
          logger,
          ...(deps.legalAid.onSubmitted ? { onSubmitted: deps.legalAid.onSubmitted } : {}),
        });
        return { rules, store, printService, printer, applications };
      })()
    : null;
  const centre = deps.centre ?? null;
  const statusLookup = legalAid
    ? {
        service: new StatusLookupService({
          session: () => {
            const card = sessions.card();
            const view = sessions.view();
            return card && view ? { id: view.id, idNumber: card.idNumber, verified: view.verification !== null } : null;
          },
          subscribe: (listener) => events.subscribe(listener),
          centre: centre ? { lookup: (idNumber) => centre.lookupStatus(idNumber) } : null,
          localApplications: (idNumber) => legalAid.store.applicationsOf(idNumber),
          pack: legalAid.rules.pack,
          logger,
        }),
        printSlip: async (item: StatusItem): Promise<PrintResult> => {
          const view = statusSlipView(item, kiosk.stationName, localTimestamp(clock.now(), DEFAULT_TIME_ZONE));
          const [printed] = await legalAid.printService.print([{ kind: 'slip', view }]);
          logger.info('status.slip_printed', { outcome: printed?.outcome ?? 'failed' });
          return { document: 'status', outcome: printed?.outcome ?? 'failed' };
        },
      }
    : null;
  const consult =
    deps.consult && legalAid
      ? createConsultationService({
          sessions,
          events,
          store: legalAid.store.consultations,
          centre: deps.consult.centre,
          print: async (view) => (await legalAid.printService.print([{ kind: 'consult', view }]))[0]?.outcome ?? 'failed',
          stationName: () => deps.provisioning?.station().stationName ?? kiosk.stationName,
          clock,
          logger,
          random: Math.random,
          timeZone: DEFAULT_TIME_ZONE,
          onQueued: deps.consult.onQueued ?? (() => undefined),
          ...(deps.consult.socket ? { socket: deps.consult.socket } : {}),
        })
      : null;
  const handlers = createHandlers({
    config: kiosk,
    sessions,
    reader,
    photoDecoder: deps.photoDecoder,
    technician,
    simulator: deps.simulator,
    settings: deps.settings,
    voice: withVoiceLog(voice, logger),
    startedAt: clock.now(),
    now: () => clock.now(),
    today: () => clock.today(),
    legalAid,
    centre,
    statusLookup,
    provisioning: deps.provisioning ?? null,
    consult,
    education: deps.education ?? null,
    documents: deps.documentTemplates
      ? new DocumentDrafting({
          templates: deps.documentTemplates,
          card: () => sessions.card(),
          today: () => clock.today(),
          qrSvg,
          // Drafted documents print on the A4 printer through the same service as the application forms.
          print: legalAid
            ? async (view) => (await legalAid.printService.print([{ kind: 'document', view }]))[0]?.outcome ?? 'failed'
            : null,
          logger,
        })
      : null,
  });

  let server: ApiServer;
  try {
    server = await startApiServer({
      secret: deps.api.secret,
      handlers,
      events,
      hello: () => ({ reader: reader.status(), session: sessions.view() }),
      rendererDir: deps.api.rendererDir,
      allowedOrigins: deps.api.allowedOrigins,
      logger,
      port: deps.api.port,
    });
  } catch (error) {
    stopIntake();
    stopVoiceForget();
    throw error;
  }
  reader.start();
  logger.info('core.started', { simulated: kiosk.simulator, voice: voice.available });

  return {
    apiBase: server.apiBase,
    events,
    sessions,
    stop: async () => {
      // Before the session goes: a call still on is hung up and queued as it stands.
      consult?.dispose();
      await consult?.idle();
      sessions.dispose();
      statusLookup?.service.dispose();
      stopIntake();
      stopVoiceForget();
      await reader.stop();
      await deps.photoDecoder.close();
      await server.close();
      await legalAid?.printService.close();
      legalAid?.store.close();
    },
  };
};

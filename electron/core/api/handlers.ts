import type { z } from 'zod';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { IdCardReader, PhotoDecoder } from '../devices/id-card/reader.ts';
import type { SessionService } from '../services/session.ts';
import type { TechnicianAccess } from '../services/technician.ts';
import type { VoiceRenderer } from '../services/voice.ts';
import type { ApplicationService } from '../services/application-service.ts';
import type { ApplicationPrinter } from '../services/application-printing.ts';
import type { LegalAidRules } from '../services/legal-aid-rules.ts';
import { precheck, UNCLEAR_OTHER_MATTER } from '../../../domain/legal-aid/eligibility.ts';
import type { KioskStore } from '../store/kiosk-store.ts';
import type { PrintService } from '../printing/print-service.ts';
import type { StatusLookupService } from '../services/status-lookup.ts';
import type { Provisioning } from '../services/provisioning.ts';
import type { DocumentDrafting, DraftingError } from '../documents/drafting.ts';
import type { CitizenStatus } from '../../../domain/centre/console-api.ts';
import type { ConsultationService } from '../consult/consultation-service.ts';
import { tipView } from '../consult/tip-printing.ts';
import { DEFAULT_TIME_ZONE } from '../store/local-time.ts';
import { educationStatus, type Education } from '../education/index.ts';
import type { ApiError, CommandName, CommandOutput, KioskConfig, PrintResult, SimFault, StatusItem, commands } from './contract.ts';

export type CommandHandler<N extends CommandName> = (
  input: z.infer<(typeof commands)[N]['input']>,
) => Promise<Result<CommandOutput<N>, ApiError>> | Result<CommandOutput<N>, ApiError>;
export type CommandHandlers = { readonly [N in CommandName]: CommandHandler<N> };

/** What the dev dock and tests may do to the simulated reader. Absent with real hardware. */
export interface SimulatorControls {
  catalogue(): ReadonlyArray<{ id: string; label: string }>;
  placeCard(cardId: string): boolean;
  removeCard(): void;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  setFault(fault: SimFault): void;
}

/** Settings a technician changes at the kiosk, persisted across restarts. */
export interface SettingsStore {
  setCameraDeviceId(deviceId: string | null, purpose: 'face' | 'document'): Promise<void>;
  /** The centre the kiosk enrolled with, so uploads resume after a restart. */
  setCentreUrl(url: string): Promise<void>;
}

/** Enrolment with the centre and the upload worker (issue 5); absent when the kiosk cannot upload. */
export interface CentreLink {
  enrol(centreUrl: string, code: string): Promise<Result<{ kioskId: string; centreName: string }, { code: string }>>;
  status(): { url: string | null; kioskId: string | null };
  /** Last time the centre answered a signed request (local ISO time), or null. */
  lastSyncAt(): string | null;
  /** The person's applications at the centre (a signed request); `not_enrolled` without a centre. */
  lookupStatus(idNumber: string): Promise<Result<CitizenStatus[], { code: string }>>;
  /** Reachability: the health probe, and a signed heartbeat (null when not enrolled). */
  check(): Promise<{ health: boolean; heartbeat: boolean | null }>;
}

export interface HandlerDeps {
  readonly config: KioskConfig;
  readonly sessions: SessionService;
  readonly reader: IdCardReader;
  readonly photoDecoder: PhotoDecoder;
  readonly technician: TechnicianAccess;
  readonly simulator: SimulatorControls | null;
  readonly settings: SettingsStore;
  readonly voice: VoiceRenderer;
  readonly startedAt: number;
  readonly now: () => number;
  readonly today: () => string;
  readonly centre: CentreLink | null;
  /** The status look-up and its slip; null when the kiosk has no store or rules. */
  readonly statusLookup: { readonly service: StatusLookupService; printSlip(item: StatusItem): Promise<PrintResult> } | null;
  /** Station and device choices of the technician's wizard; null in tests that do not need them. */
  readonly provisioning: Provisioning | null;
  /** Video consultations (issue 6); null when the kiosk has no store to record into. */
  readonly consult?: ConsultationService | null;
  /** Null when the kiosk cannot take applications (no rule pack, or the store did not open). */
  readonly legalAid: {
    readonly rules: LegalAidRules;
    readonly applications: ApplicationService;
    readonly store: KioskStore;
    readonly printer: ApplicationPrinter;
    readonly printService: PrintService;
  } | null;
  /** Legal education (issue 7); absent or null when the kiosk has no bundle library. */
  readonly education?: Education | null;
  /** Document drafting (issue 7); absent or null when the kiosk has no templates. */
  readonly documents?: DocumentDrafting | null;
}

const fail = (code: ApiError['code'], message: string) => err<ApiError>({ code, message });
const notSimulated = () => fail('not_available', 'the reader is real hardware; simulator controls are off');
const technicianRequired = () => fail('technician_required', 'technician token missing or expired');
const legalAidUnavailable = () => fail('not_available', 'this kiosk cannot take legal-aid applications now');
const consultUnavailable = () => fail('not_available', 'video consultation is not available on this kiosk');
const noSession = () => fail('no_session', 'no citizen session is active');
const documentsUnavailable = () => fail('not_available', 'document drafting is not available on this kiosk');
/** Codes only: the answers are personal and never echoed in an error. */
const draftingFailed = (error: DraftingError) =>
  error === 'no_session' ? noSession() : error === 'not_available' ? documentsUnavailable() : fail('invalid_input', error === 'unknown_template' ? 'unknown document template' : 'the answers do not pass the checks');

export const createHandlers = (deps: HandlerDeps): CommandHandlers => {
  const { sessions, reader, technician, simulator } = deps;
  const withSimulator = <T>(act: (sim: SimulatorControls) => T) => (simulator ? act(simulator) : null);

  return {
    'kiosk.config': () => ok(deps.config),
    'session.get': () => ok({ session: sessions.view() }),
    'session.end': ({ reason }) => ok({ ended: sessions.end(reason) }),
    'session.activity': () => {
      sessions.touch();
      return ok({});
    },
    'device.status': () => ok({ reader: reader.status() }),
    // Video consultation: electron/core/consult (issue 6).
    'consult.availability': () => (deps.consult ? deps.consult.availability() : ok({ available: false, reason: deps.centre ? 'offline' : 'not_enrolled' })),
    'consult.request': ({ matterCategory, shareName }) => deps.consult?.request({ matterCategory, shareName }) ?? consultUnavailable(),
    'consult.cancel': ({ consultationId }) => deps.consult?.cancel(consultationId) ?? consultUnavailable(),
    'consult.printTip': async (tip) => {
      if (!deps.legalAid) return consultUnavailable();
      if (!sessions.view()) return noSession();
      const stationName = deps.provisioning?.station().stationName ?? deps.config.stationName;
      const view = tipView(tip, { stationName, printedAtMs: deps.now(), timeZone: DEFAULT_TIME_ZONE });
      const [printed] = await deps.legalAid.printService.print([{ kind: 'tip', view }]);
      return ok({ outcome: printed?.outcome ?? 'failed' });
    },
    'consult.signal': ({ consultationId, signal }) => deps.consult?.signal(consultationId, signal) ?? consultUnavailable(),
    'consult.hangup': ({ consultationId }) => deps.consult?.hangup(consultationId) ?? consultUnavailable(),
    'consult.recordChunk': (input) => deps.consult?.recordChunk(input) ?? consultUnavailable(),
    'consult.finish': (input) => deps.consult?.finish(input) ?? consultUnavailable(),
    'identity.record': (input) => {
      const verification = sessions.recordVerification(input);
      return verification ? ok({ verification }) : fail('no_session', 'no citizen session is active');
    },
    'voice.render': async ({ text, ...request }) => {
      const rendered = await deps.voice.render(text, request);
      if (rendered.ok) return ok({ mime: rendered.value.mime, base64: Buffer.from(rendered.value.bytes).toString('base64') });
      return rendered.error.kind === 'unavailable'
        ? fail('not_available', 'no speech engine on this kiosk')
        : fail('device_error', `speech rendering failed: ${rendered.error.reason}`);
    },

    'legalAid.rules': () =>
      deps.legalAid
        ? ok({ pack: deps.legalAid.rules.pack, kioskRegionCode: deps.legalAid.rules.kioskRegionCode, today: deps.today() })
        : legalAidUnavailable(),
    'session.expectApplicantCard': ({ expect }) => (sessions.expectApplicantCard(expect) ? ok({}) : noSession()),
    'application.putAttachment': ({ kind, materialId, mime, base64 }) => {
      if (!deps.legalAid) return legalAidUnavailable();
      if ((kind === 'material') !== (materialId !== null)) return fail('invalid_input', 'a material page names its material; a signature does not');
      if (materialId !== null && !deps.legalAid.rules.pack.materials.some((m) => m.id === materialId)) {
        return fail('invalid_input', 'unknown material');
      }
      const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
      if (!hasImageSignature(bytes, mime)) return fail('invalid_input', 'the file is not the image type it claims');
      const added = sessions.addAttachment({ kind, materialId, mime, bytes });
      if (added === 'no_session') return noSession();
      if (added === 'too_many') return fail('invalid_input', 'too many pages in this session');
      const page = sessions.attachments().filter((a) => a.kind === kind && a.materialId === materialId).length;
      return ok({ attachmentId: added.id, page });
    },
    'application.removeAttachment': ({ attachmentId }) => {
      if (!sessions.active) return noSession();
      sessions.removeAttachment(attachmentId);
      return ok({});
    },
    'application.submit': ({ answers }) => (deps.legalAid ? deps.legalAid.applications.submit(answers) : legalAidUnavailable()),
    'legalAid.printGuide': async ({ matterId }) => {
      if (!deps.legalAid) return legalAidUnavailable();
      const { rules, printer } = deps.legalAid;
      const checked = precheck(rules.pack, { matterId, circumstanceId: null, statusId: null });
      const reason = checked.outcome === 'covered' ? UNCLEAR_OTHER_MATTER : checked.reason;
      const matterLabel = matterId === null ? null : (rules.pack.matters.find((m) => m.id === matterId)?.plainLabel ?? null);
      const results = await printer.printGuide({ matterLabel, reason, centre: rules.centreFor(null) });
      return ok({ results: results.map(({ document, outcome }) => ({ document, outcome })) });
    },
    'status.lookup': () => (deps.statusLookup ? deps.statusLookup.service.lookup() : legalAidUnavailable()),
    'status.print': async ({ key }) => {
      if (!deps.statusLookup) return legalAidUnavailable();
      const item = deps.statusLookup.service.item(key);
      if (!item) return noSession();
      return ok({ results: [await deps.statusLookup.printSlip(item)] });
    },
    'application.print': ({ applicationId }) =>
      deps.legalAid ? deps.legalAid.applications.print(applicationId, 'citizen') : legalAidUnavailable(),

    'technician.unlock': ({ pin }) => {
      const unlocked = technician.unlock(pin);
      if (!unlocked.ok) {
        return unlocked.error === 'locked_out'
          ? fail('locked_out', 'too many wrong PINs; try again later')
          : fail('wrong_pin', 'wrong PIN');
      }
      // The technician page never shows a citizen's data: end whatever session was open.
      sessions.end('technician');
      return ok({ token: unlocked.value });
    },
    'technician.status': ({ token }) => {
      if (!technician.check(token)) return technicianRequired();
      return ok({
        version: deps.config.version,
        uptimeSeconds: Math.round((deps.now() - deps.startedAt) / 1000),
        reader: reader.status(),
        photoDecoder: deps.photoDecoder.kind,
        sessionActive: sessions.active,
        centre: deps.centre?.status() ?? { url: null, kioskId: null },
        lastSyncAt: deps.centre?.lastSyncAt() ?? null,
        station: deps.provisioning?.station() ?? { stationName: deps.config.stationName, regionCode: deps.legalAid?.rules.kioskRegionCode ?? '' },
        education: deps.education ? educationStatus(deps.education) : null,
      });
    },
    'technician.setStation': async ({ token, stationName, regionCode }) => {
      if (!technician.check(token)) return technicianRequired();
      if (!deps.provisioning) return fail('not_available', 'provisioning is not available');
      return ok(await deps.provisioning.setStation({ stationName, regionCode }));
    },
    'technician.checkCentre': async ({ token }) => {
      if (!technician.check(token)) return technicianRequired();
      const centre = deps.centre;
      const enrolled = centre?.status().kioskId != null;
      const checked = centre && centre.status().url !== null ? await centre.check() : { health: false, heartbeat: null };
      return ok({ enrolled, ...checked, lastSyncAt: centre?.lastSyncAt() ?? null });
    },
    'technician.devices': async ({ token }) => {
      if (!technician.check(token)) return technicianRequired();
      return deps.provisioning ? ok(await deps.provisioning.devices()) : fail('not_available', 'provisioning is not available');
    },
    'technician.setDevices': async ({ token, readerPort, receiptQueue, a4Queue }) => {
      if (!technician.check(token)) return technicianRequired();
      if (!deps.provisioning) return fail('not_available', 'provisioning is not available');
      return ok(await deps.provisioning.setDevices({ readerPort, receiptQueue, a4Queue }));
    },
    'technician.selfTest': async ({ token }) => {
      if (!technician.check(token)) return technicianRequired();
      const status = reader.status();
      const portOpen = status.state !== 'disconnected' && status.state !== 'connecting';
      const sam = portOpen ? await reader.selfTest() : null;
      const steps = [
        { name: 'port_open' as const, ok: portOpen, detail: status.port },
        {
          name: 'sam_status' as const,
          ok: sam?.ok ?? false,
          detail: sam ? (sam.ok ? 'SAM ok' : sam.error.code) : 'skipped: port closed',
        },
        { name: 'sam_id' as const, ok: sam?.ok ?? false, detail: sam?.ok ? sam.value.samId : '-' },
        {
          name: 'photo_decoder' as const,
          // No decoder is a supported configuration (face check falls back), but worth flagging.
          ok: deps.photoDecoder.kind !== 'none',
          detail: deps.photoDecoder.kind,
        },
      ];
      return ok({ ok: steps.every((s) => s.ok || s.name === 'photo_decoder'), steps });
    },
    'technician.setCamera': async ({ token, deviceId, purpose = 'face' }) => {
      if (!technician.check(token)) return technicianRequired();
      await deps.settings.setCameraDeviceId(deviceId, purpose);
      // The running configuration follows, so the next session uses the new camera.
      if (purpose === 'face') (deps.config.face as { cameraDeviceId: string | null }).cameraDeviceId = deviceId;
      else (deps.config as { documentCameraDeviceId: string | null }).documentCameraDeviceId = deviceId;
      return ok({});
    },
    'technician.printing': async ({ token }) => {
      if (!technician.check(token)) return technicianRequired();
      if (!deps.legalAid) return legalAidUnavailable();
      const { store, printService } = deps.legalAid;
      return ok({
        printers: await printService.printerStatus(),
        recent: store
          .listRecent(20)
          .map(({ applicationId, localNumber, submittedAt, acceptanceNumber, lastPrint }) => ({ applicationId, localNumber, submittedAt, acceptanceNumber, lastPrint })),
        outbox: store.outboxStats(),
      });
    },
    'technician.reprint': async ({ token, applicationId }) => {
      if (!technician.check(token)) return technicianRequired();
      return deps.legalAid ? deps.legalAid.applications.print(applicationId, 'technician') : legalAidUnavailable();
    },
    'technician.testPrint': async ({ token }) => {
      if (!technician.check(token)) return technicianRequired();
      if (!deps.legalAid) return legalAidUnavailable();
      const results = await deps.legalAid.printer.testPage();
      return ok({ results: results.map(({ document, outcome }) => ({ document, outcome })) });
    },
    'technician.enrol': async ({ token, centreUrl, code }) => {
      if (!technician.check(token)) return technicianRequired();
      if (!deps.centre) return legalAidUnavailable();
      const enrolled = await deps.centre.enrol(centreUrl, code);
      // A newly enrolled kiosk takes the centre's legal-education content at once, not at the next hourly check.
      if (enrolled.ok) void deps.education?.updater?.check();
      // The centre's error code only (unauthorized = code wrong or used, network = unreachable).
      return enrolled.ok ? ok(enrolled.value) : fail('device_error', `enrolment failed: ${enrolled.error.code}`);
    },
    'technician.lock': ({ token }) => {
      technician.lock(token);
      sessions.end('technician');
      return ok({});
    },

    'education.catalogue': () => {
      const current = deps.education?.library.current();
      if (!deps.education || !current) return fail('not_available', 'no legal-education bundle on this kiosk');
      return ok({ bundle: current.bundle, source: current.source, attract: { ...deps.education.attract } });
    },
    'education.media': ({ name }) => {
      const media = deps.education?.library.media(name);
      if (!media?.ok) return fail('invalid_input', 'no such file in the legal-education bundle');
      return ok({ mime: media.value.mime, base64: Buffer.from(media.value.bytes).toString('base64') });
    },
    'technician.educationUpdate': async ({ token }) => {
      if (!technician.check(token)) return technicianRequired();
      if (!deps.education) return fail('not_available', 'no legal-education bundle on this kiosk');
      await deps.education.updater?.check();
      return ok({ education: educationStatus(deps.education) });
    },

    'documents.templates': () => (deps.documents ? ok({ templates: [...deps.documents.templates()] }) : documentsUnavailable()),
    'documents.preview': ({ templateId, answers }) => {
      if (!deps.documents) return documentsUnavailable();
      const preview = deps.documents.preview(templateId, answers);
      return preview.ok ? ok(preview.value) : draftingFailed(preview.error);
    },
    'documents.print': async ({ templateId, answers }) => {
      if (!deps.documents) return documentsUnavailable();
      const printed = await deps.documents.print(templateId, answers);
      // 'form': the A4 paper, as the application forms (the screen reads only the outcome).
      return printed.ok ? ok({ results: [{ document: 'form' as const, outcome: printed.value }] }) : draftingFailed(printed.error);
    },

    'sim.catalogue': () => withSimulator((sim) => ok({ cards: [...sim.catalogue()] })) ?? notSimulated(),
    'sim.placeCard': ({ cardId }) =>
      withSimulator((sim) => (sim.placeCard(cardId) ? ok({}) : fail('invalid_input', 'no demo card with that id'))) ??
      notSimulated(),
    'sim.removeCard': () =>
      withSimulator((sim) => {
        sim.removeCard();
        return ok({});
      }) ?? notSimulated(),
    'sim.unplug': async () => (simulator ? (await simulator.unplug(), ok({})) : notSimulated()),
    'sim.plug': async () => (simulator ? (await simulator.plug(), ok({})) : notSimulated()),
    'sim.setFault': ({ fault }) =>
      withSimulator((sim) => {
        sim.setFault(fault);
        return ok({});
      }) ?? notSimulated(),
  };
};

/** A page claiming to be a JPEG or PNG must start like one: nothing else is stored or printed. */
function hasImageSignature(bytes: Uint8Array, mime: 'image/jpeg' | 'image/png'): boolean {
  if (mime === 'image/jpeg') return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length > png.length && png.every((b, i) => bytes[i] === b);
}

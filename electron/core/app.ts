import type { KioskConfig } from './api/contract.ts';
import { createHandlers, type SettingsStore, type SimulatorControls } from './api/handlers.ts';
import { startApiServer, type ApiServer } from './api/server.ts';
import type { IdCardReader, PhotoDecoder } from './devices/id-card/reader.ts';
import { startCardIntake } from './services/card-intake.ts';
import type { Clock } from './services/clock.ts';
import { EventHub } from './services/event-hub.ts';
import type { Logger } from './services/logger.ts';
import { SessionService } from './services/session.ts';
import { TechnicianAccess } from './services/technician.ts';
import { unavailableVoice, withVoiceLog, type VoiceRenderer } from './services/voice.ts';

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
      sessions.dispose();
      stopIntake();
      stopVoiceForget();
      await reader.stop();
      await deps.photoDecoder.close();
      await server.close();
    },
  };
};

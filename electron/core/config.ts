import { z } from 'zod';

/**
 * Kiosk configuration: an optional JSON file (for the technician's provisioning) overridden by
 * environment variables (for development and tests). Parsed once, in the composition root.
 */
export const CoreConfigSchema = z.object({
  dataDir: z.string().min(1),
  apiPort: z.coerce.number().int().min(0).max(65535).default(0),
  /** Per-boot secret; generated when not given (the shell and the launcher pass their own). */
  apiSecret: z.string().min(32).max(256).optional(),
  allowedOrigins: z.array(z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i)).default([]),
  rendererDir: z.string().nullable().default(null),
  stationName: z.string().max(60).default('演示服务站'),
  idleSeconds: z.coerce.number().int().min(10).max(3600).default(120),
  countdownSeconds: z.coerce.number().int().min(5).max(300).default(30),
  technicianLongPressMs: z.coerce.number().int().min(300).max(10_000).default(3000),
  face: z
    .object({
      /** Provisional until the calibration (tests/calibration) settles it; see README. */
      threshold: z.coerce.number().min(0.1).max(1.2).default(0.5),
      borderline: z.coerce.number().min(0.1).max(1.2).default(0.6),
      maxAttempts: z.coerce.number().int().min(1).max(10).default(3),
      cameraDeviceId: z.string().max(256).nullable().default(null),
    })
    .default({ threshold: 0.5, borderline: 0.6, maxAttempts: 3, cameraDeviceId: null }),
  /** The document camera (MediaDeviceInfo.deviceId); null = the system default camera. */
  documentCameraDeviceId: z.string().max(256).nullable().default(null),
  legalAid: z
    .object({
      /** Province extension under resources/legal-aid/provinces/<code>.json; null = the national pack only. */
      province: z.string().regex(/^\d{2}$/).nullable().default('44'),
      /** GB/T 2260 code of the county or district where the kiosk stands (routing, 第三十八条). */
      regionCode: z.string().regex(/^\d{6}$/).default('440106'),
      /** Days personal data stays on the kiosk after the centre confirmed the upload. */
      retentionDays: z.coerce.number().int().min(0).max(365).default(30),
      /**
       * The public status page the receipt's QR code points to. Null (the default): the enrolled
       * centre's `/s`, so a kiosk enrolled with another centre never prints a QR to the wrong one.
       */
      statusBaseUrl: z.string().url().nullable().default(null),
    })
    .default({ province: '44', regionCode: '440106', retentionDays: 30, statusBaseUrl: null }),
  /** The legal-aid centre this kiosk uploads to; set by enrolment (technician page), null = not enrolled. */
  centreUrl: z.string().url().max(200).nullable().default(null),
  /** 32-byte store key, hex, in a file readable only by the kiosk user (provisioned, never in the repo). */
  storeKeyFile: z.string().min(1).optional(),
  printing: z
    .object({
      /**
       * 'cups' spools to the queues below; 'directory' writes PDFs to <dataDir>/printed (simulator
       * only: printed pages are personal). Unset: 'directory' with the simulator, else 'cups'.
       */
      mode: z.enum(['cups', 'directory']).optional(),
      receiptQueue: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('KIOSK_RECEIPT'),
      a4Queue: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('KIOSK_A4'),
      chromium: z.string().min(1).default('/usr/bin/chromium'),
      jobTimeoutMs: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    })
    .default({ receiptQueue: 'KIOSK_RECEIPT', a4Queue: 'KIOSK_A4', chromium: '/usr/bin/chromium', jobTimeoutMs: 60_000 }),
  /** Legal education (issue 7): the home screen's attract loop and how often the centre is asked for a newer bundle. */
  education: z
    .object({
      attractSeconds: z.coerce.number().int().min(2).max(3600).default(60),
      attractCycleSeconds: z.coerce.number().int().min(2).max(120).default(9),
      checkMinutes: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
    })
    .default({ attractSeconds: 60, attractCycleSeconds: 9, checkMinutes: 60 }),
  /** Speech (issue 7): the espeak-ng binary (default per platform) and the recorded voice files' folder (default resources/voice). */
  voice: z
    .object({ espeak: z.string().min(1).optional(), recordingsDir: z.string().min(1).optional() })
    .default({}),
  /** Technician PIN. Required with real hardware; the simulator falls back to a published demo PIN. */
  technicianPin: z.string().regex(/^\d{4,12}$/).optional(),
  idCard: z
    .object({
      /** Serial device of a real SAM reader; absent means the simulator. */
      port: z.string().min(1).optional(),
      baudRate: z.coerce.number().int().positive().default(115200),
      /** Pause between "find card" polls; 250 ms feels instant and keeps the serial line quiet. */
      pollMs: z.coerce.number().int().min(20).max(5000).default(250),
      /** Vendor WLT decoder helper (native/wlt-decoder); absent means no photo decoding. */
      photoHelper: z.string().min(1).optional(),
      /** Simulator only: a directory of `<id>.jpg` face photos that become extra test cards. */
      simFaceCardsDir: z.string().min(1).optional(),
      /** Simulator only: how long the simulated SAM takes to read a card. */
      simReadDelayMs: z.coerce.number().int().min(0).max(10_000).default(800),
    })
    .default({ baudRate: 115200, pollMs: 250, simReadDelayMs: 800 }),
});
export type CoreConfig = z.infer<typeof CoreConfigSchema>;

export const DEMO_TECHNICIAN_PIN = '2468';

/** Maps environment variables onto the config shape; unknown variables are ignored. */
export const configFromEnv = (env: NodeJS.ProcessEnv): Record<string, unknown> => {
  const pick = <T>(value: string | undefined, map: (v: string) => T) => (value === undefined || value === '' ? undefined : map(value));
  const idCard = {
    port: pick(env.KIOSK_IDCARD_PORT, String),
    baudRate: pick(env.KIOSK_IDCARD_BAUD, String),
    pollMs: pick(env.KIOSK_IDCARD_POLL_MS, String),
    photoHelper: pick(env.KIOSK_WLT_HELPER, String),
    simReadDelayMs: pick(env.KIOSK_SIM_READ_DELAY_MS, String),
    simFaceCardsDir: pick(env.KIOSK_SIM_FACE_CARDS_DIR, String),
  };
  return stripUndefined({
    dataDir: pick(env.KIOSK_DATA_DIR, String),
    apiPort: pick(env.KIOSK_API_PORT, String),
    apiSecret: pick(env.KIOSK_API_SECRET, String),
    allowedOrigins: pick(env.KIOSK_ALLOWED_ORIGINS, (v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
    rendererDir: pick(env.KIOSK_RENDERER_DIR, String),
    stationName: pick(env.KIOSK_STATION_NAME, String),
    idleSeconds: pick(env.KIOSK_IDLE_SECONDS, String),
    countdownSeconds: pick(env.KIOSK_COUNTDOWN_SECONDS, String),
    technicianLongPressMs: pick(env.KIOSK_TECH_LONG_PRESS_MS, String),
    technicianPin: pick(env.KIOSK_TECH_PIN, String),
    documentCameraDeviceId: pick(env.KIOSK_DOCUMENT_CAMERA, String),
    storeKeyFile: pick(env.KIOSK_STORE_KEY_FILE, String),
    centreUrl: pick(env.KIOSK_CENTRE_URL, String),
    legalAid: stripUndefined({
      province: pick(env.KIOSK_LEGAL_AID_PROVINCE, (v) => (v === 'none' ? null : v)),
      regionCode: pick(env.KIOSK_REGION_CODE, String),
      retentionDays: pick(env.KIOSK_RETENTION_DAYS, String),
      statusBaseUrl: pick(env.KIOSK_STATUS_BASE_URL, String),
    }),
    voice: stripUndefined({
      espeak: pick(env.KIOSK_ESPEAK, String),
      recordingsDir: pick(env.KIOSK_VOICE_DIR, String),
    }),
    education: stripUndefined({
      attractSeconds: pick(env.KIOSK_ATTRACT_SECONDS, String),
      attractCycleSeconds: pick(env.KIOSK_ATTRACT_CYCLE_SECONDS, String),
      checkMinutes: pick(env.KIOSK_EDUCATION_CHECK_MINUTES, String),
    }),
    printing: stripUndefined({
      mode: pick(env.KIOSK_PRINTING, String),
      receiptQueue: pick(env.KIOSK_RECEIPT_QUEUE, String),
      a4Queue: pick(env.KIOSK_A4_QUEUE, String),
      chromium: pick(env.KIOSK_CHROMIUM, String),
      jobTimeoutMs: pick(env.KIOSK_PRINT_JOB_TIMEOUT_MS, String),
    }),
    idCard: stripUndefined(idCard),
    face: stripUndefined({
      threshold: pick(env.KIOSK_FACE_THRESHOLD, String),
      borderline: pick(env.KIOSK_FACE_BORDERLINE, String),
      maxAttempts: pick(env.KIOSK_FACE_MAX_ATTEMPTS, String),
    }),
  });
};

/** File values first, environment on top (one level deep for the nested sections). */
export const mergeConfig = (file: Record<string, unknown>, env: Record<string, unknown>): Record<string, unknown> => ({
  ...file,
  ...env,
  idCard: { ...(file.idCard as object | undefined), ...(env.idCard as object | undefined) },
  face: { ...(file.face as object | undefined), ...(env.face as object | undefined) },
  legalAid: { ...(file.legalAid as object | undefined), ...(env.legalAid as object | undefined) },
  printing: { ...(file.printing as object | undefined), ...(env.printing as object | undefined) },
});

function stripUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

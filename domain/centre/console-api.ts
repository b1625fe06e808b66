/**
 * The centre's console API (issue 5): what the staff/lawyer/technician web console (center/console)
 * and the centre server (center/server) agree on. JSON over HTTPS with a session cookie; every
 * request body is validated with these schemas on the server, every response parsed on the client.
 *
 * Also the two status views for citizens: the kiosk's look-up by ID card (a signed kiosk request)
 * and the public page behind the receipt's QR code. Neither carries personal data.
 */
import { z } from 'zod';

export const ACCOUNT_ROLES = ['admin', 'staff', 'lawyer', 'technician'] as const;
export const AccountRoleSchema = z.enum(ACCOUNT_ROLES);
export type AccountRole = z.infer<typeof AccountRoleSchema>;

/**
 * What each role may do. Checked on the server for every endpoint; the console only hides what the
 * server would refuse anyway.
 *  - staff: every application, decisions, the audit trail of an application.
 *  - lawyer: only the applications assigned to them, read-only.
 *  - technician: the fleet (health, enrolment codes, revoke), never applications.
 *  - admin: accounts and the fleet, and everything staff can do.
 */
export const CAPABILITIES = {
  readAllApplications: ['staff', 'admin'],
  readAssignedApplications: ['lawyer'],
  decide: ['staff', 'admin'],
  readAudit: ['staff', 'admin'],
  manageFleet: ['technician', 'admin'],
  manageAccounts: ['admin'],
  /** Issue 6: take video consultations (ring, accept, call, push to print). */
  consult: ['lawyer'],
  /** Issue 6: every consultation's record and timeline; a lawyer sees only their own. */
  readAllConsultations: ['staff', 'admin'],
  /** Issue 6: play consultation recordings (全程录音录像). */
  playRecordings: ['staff', 'admin'],
  /** Issue 6: set lawyers' dispatch profiles (regions, matters, languages). */
  manageLawyerProfiles: ['admin'],
} as const satisfies Record<string, readonly AccountRole[]>;
export type Capability = keyof typeof CAPABILITIES;
export const can = (role: AccountRole, capability: Capability): boolean =>
  (CAPABILITIES[capability] as readonly AccountRole[]).includes(role);

export const CONSOLE_API = {
  login: '/api/console/login',
  logout: '/api/console/logout',
  me: '/api/console/me',
  password: '/api/console/password',
  accounts: '/api/console/accounts',
  /** POST `<accounts>/:id/disable` */
  lawyers: '/api/console/lawyers',
  applications: '/api/console/applications',
  /** GET `<applications>/:id`, GET `<applications>/:id/attachments/:attachmentId`,
   *  POST `<applications>/:id/{request-materials,materials-received,grant,assign,refuse,withdraw}` */
  audit: '/api/console/audit',
  kiosks: '/api/console/kiosks',
  /** POST `<kiosks>/:id/revoke` */
  enrolmentCodes: '/api/console/enrolment-codes',
} as const;

/** The session cookie (HttpOnly, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'centre_session';
/**
 * Every state-changing console request carries this header (any value). With SameSite=Strict
 * cookies it stops cross-site form posts: a plain HTML form cannot set headers.
 */
export const CSRF_HEADER = 'x-centre-console';

const Uuid = z.string().uuid();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Instant = z.string().min(20).max(40);
const MaterialId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);

// ---------------------------------------------------------------------------------------------
// Accounts and sessions

export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;
export const MIN_PASSWORD_LENGTH = 10;

export const LoginRequestSchema = z.strictObject({
  username: z.string().max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const AccountSchema = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  role: AccountRoleSchema,
  disabled: z.boolean(),
});
export type Account = z.infer<typeof AccountSchema>;

export const CreateAccountRequestSchema = z.strictObject({
  username: z.string().regex(USERNAME_PATTERN),
  displayName: z.string().trim().min(1).max(40),
  role: AccountRoleSchema,
  password: z.string().min(MIN_PASSWORD_LENGTH).max(256),
});
export type CreateAccountRequest = z.infer<typeof CreateAccountRequestSchema>;

export const ChangePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(256),
});

// ---------------------------------------------------------------------------------------------
// Applications under review

export const CASE_STATUSES = ['received', 'materials_requested', 'granted', 'assigned', 'refused', 'withdrawn'] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

/** The statutory clock that currently runs for a case, if any. */
export const CaseClockSchema = z.object({
  kind: z.enum(['decision', 'assignment', 'materials']),
  dueOn: IsoDate,
  /** Whole days until dueOn (China time): 0 on the day, negative when overdue. */
  daysLeft: z.number().int(),
});
export type CaseClock = z.infer<typeof CaseClockSchema>;

export const ApplicationListQuerySchema = z.strictObject({
  status: CaseStatusSchema.optional(),
  /** Acceptance number or local number, exact. */
  number: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ApplicationListQuery = z.infer<typeof ApplicationListQuerySchema>;

export const ApplicationSummarySchema = z.object({
  applicationId: Uuid,
  acceptanceNumber: z.string(),
  localNumber: z.string(),
  receivedAt: Instant,
  status: CaseStatusSchema,
  /** The applicant's name as read from the card (staff and the assigned lawyer may see it). */
  applicantName: z.string(),
  matterId: z.string(),
  urgent: z.boolean(),
  deadline: IsoDate.nullable(),
  clock: CaseClockSchema.nullable(),
  stationName: z.string(),
  lawyerName: z.string().nullable(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;

/** Sorted: urgent first, then the clock that runs out first, then oldest. */
export const ApplicationListSchema = z.object({
  items: z.array(ApplicationSummarySchema),
  total: z.number().int().min(0),
  counts: z.record(CaseStatusSchema, z.number().int().min(0)),
});
export type ApplicationList = z.infer<typeof ApplicationListSchema>;

export const AttachmentInfoSchema = z.object({
  attachmentId: Uuid,
  kind: z.enum(['material', 'signature']),
  materialId: MaterialId.nullable(),
  page: z.number().int(),
  mime: z.enum(['image/jpeg', 'image/png']),
  size: z.number().int(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfoSchema>;

export const AuditEventSchema = z.object({
  at: Instant,
  actorKind: z.enum(['account', 'kiosk', 'public', 'system']),
  /** Display name of the account, station name of the kiosk, or null. */
  actorName: z.string().nullable(),
  action: z.string(),
  subjectKind: z.string(),
  subjectId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const CaseDetailSchema = z.object({
  summary: ApplicationSummarySchema,
  /** The ApplicationRecord exactly as committed by the kiosk (domain/legal-aid/application.ts). */
  record: z.unknown(),
  /** describeApplication() of the record with the centre's rule pack, zh-CN, ID numbers in full. */
  description: z.object({
    sections: z.array(z.object({ title: z.string(), rows: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })) })),
  }),
  attachments: z.array(AttachmentInfoSchema),
  requestedMaterials: z.array(MaterialId).nullable(),
  materialsNote: z.string().nullable(),
  materialsDueOn: IsoDate.nullable(),
  refusalReasons: z.string().nullable(),
  decidedAt: Instant.nullable(),
  decidedBy: z.string().nullable(),
  /** Whether the one-time request for materials (一次性告知) has been used. */
  materialsRequestUsed: z.boolean(),
  version: z.number().int(),
  history: z.array(AuditEventSchema),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

/** Every decision carries the version the deciding person saw: a stale one is a 409. */
const Versioned = { version: z.number().int().min(1) };

export const RequestMaterialsSchema = z.strictObject({
  ...Versioned,
  materialIds: z.array(MaterialId).min(1).max(30),
  note: z.string().trim().max(1000).default(''),
  /** Days the applicant has to supply them (then treated as withdrawn). */
  dueInDays: z.number().int().min(1).max(60).default(15),
});
export const MaterialsReceivedSchema = z.strictObject({ ...Versioned });
export const GrantSchema = z.strictObject({ ...Versioned, lawyerId: Uuid.nullable() });
export const AssignSchema = z.strictObject({ ...Versioned, lawyerId: Uuid });
export const RefuseSchema = z.strictObject({ ...Versioned, reasons: z.string().trim().min(4).max(2000) });
export const WithdrawSchema = z.strictObject({ ...Versioned });

export const AuditQuerySchema = z.strictObject({
  subjectKind: z.string().max(40).optional(),
  subjectId: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// ---------------------------------------------------------------------------------------------
// Fleet

export const KioskSummarySchema = z.object({
  kioskId: Uuid,
  stationName: z.string(),
  regionCode: z.string(),
  enrolledAt: Instant,
  revokedAt: Instant.nullable(),
  lastSeenAt: Instant.nullable(),
  /** Seen within three heartbeat intervals. */
  online: z.boolean(),
  /** The last heartbeat body (domain/centre/protocol.ts HeartbeatRequest), or null. */
  health: z.unknown().nullable(),
  /** Human-readable fault keys derived from health (e.g. 'printer.receipt.out_of_paper', 'disk.low', 'outbox.stale'). */
  faults: z.array(z.string()),
});
export type KioskSummary = z.infer<typeof KioskSummarySchema>;

export const EnrolmentCodeSchema = z.object({ code: z.string(), expiresAt: Instant });

// ---------------------------------------------------------------------------------------------
// Status for citizens (no personal data: no name, no ID number, no facts)

export const CitizenStatusSchema = z.object({
  acceptanceNumber: z.string(),
  localNumber: z.string(),
  receivedOn: IsoDate,
  status: CaseStatusSchema,
  matterId: z.string(),
  /** The decision clock while it runs. */
  decisionDueOn: IsoDate.nullable(),
  /** Only while status is materials_requested. */
  requestedMaterials: z.array(MaterialId).nullable(),
  materialsDueOn: IsoDate.nullable(),
  /** The assigned lawyer's display name once assigned (a professional, not the citizen). */
  lawyerName: z.string().nullable(),
  updatedAt: Instant,
});
export type CitizenStatus = z.infer<typeof CitizenStatusSchema>;

/** Kiosk → centre, signed: the applications of the person whose card is on the reader. */
export const StatusLookupRequestSchema = z.strictObject({
  idNumber: z.string().regex(/^\d{17}[\dX]$/),
});
export const StatusLookupResponseSchema = z.object({ applications: z.array(CitizenStatusSchema) });
export type StatusLookupResponse = z.infer<typeof StatusLookupResponseSchema>;

export const STATUS_PATHS = {
  /** Kiosk (signed POST). */
  kioskLookup: '/api/kiosk/status-lookup',
  /** Public page: `/s/<localNumber or acceptanceNumber>?c=<shortCode>` (HTML, phone-sized). */
  publicPage: '/s',
  /** Same data as JSON: `/api/public/status/<number>?c=<shortCode>`. */
  publicJson: '/api/public/status',
} as const;

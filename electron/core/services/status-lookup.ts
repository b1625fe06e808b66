/**
 * 查询申请进度 at the kiosk: the applications of the person whose card was read in this session.
 *
 * The ID number comes from the core's session, never from the screen. The centre is asked with a
 * signed request; this kiosk adds what it still holds that the centre cannot know yet (stored here,
 * upload pending). When the centre cannot be reached the local list is still answered, and the
 * screen says so honestly. The answer is kept for printing only while the session lasts.
 */
import type { CitizenStatus } from '../../../domain/centre/console-api.ts';
import { findMatter, type RulePack } from '../../../domain/legal-aid/rule-pack.ts';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { ApiError, KioskEvent, StatusItem, StatusLookupAnswer } from '../api/contract.ts';
import type { PersonApplication } from '../store/kiosk-store.ts';
import type { Logger } from './logger.ts';

/** The centre as the look-up needs it; 'not_enrolled' when the kiosk has no centre to ask. */
export interface StatusCentre {
  lookup(idNumber: string): Promise<Result<CitizenStatus[], { code: string }>>;
}

export interface StatusLookupDeps {
  readonly session: () => { id: string; idNumber: string; verified: boolean } | null;
  readonly subscribe: (listener: (event: KioskEvent) => void) => () => void;
  readonly centre: StatusCentre | null;
  readonly localApplications: (idNumber: string) => PersonApplication[];
  readonly pack: RulePack;
  readonly logger: Logger;
}

/** Shown when the centre lists a material id the kiosk's rule pack does not know. */
export const UNKNOWN_MATERIAL_LABEL = '其他材料（请向法律援助中心询问）';

const fail = (code: ApiError['code'], message: string) => err<ApiError>({ code, message });

export class StatusLookupService {
  readonly #deps: StatusLookupDeps;
  /** The last answer of the current session, for status.print; dropped when the session ends. */
  #last: { sessionId: string; items: StatusItem[] } | null = null;
  readonly #unsubscribe: () => void;

  constructor(deps: StatusLookupDeps) {
    this.#deps = deps;
    this.#unsubscribe = deps.subscribe((event) => {
      if (event.type === 'session.ended') this.#last = null;
    });
  }

  async lookup(): Promise<Result<StatusLookupAnswer, ApiError>> {
    const session = this.#deps.session();
    if (!session) return fail('no_session', 'no citizen session is active');
    // Someone else's card left on the reader must not show its owner's applications.
    if (!session.verified) return fail('no_session', 'the identity check comes first');
    const local = this.#deps.localApplications(session.idNumber);
    const answered = this.#deps.centre ? await this.#deps.centre.lookup(session.idNumber) : err({ code: 'not_enrolled' });
    // The session may have ended while the centre was asked: answer nothing about that person.
    if (this.#deps.session()?.id !== session.id) return fail('no_session', 'the session ended during the look-up');
    const centre: StatusLookupAnswer['centre'] = answered.ok ? 'answered' : answered.error.code === 'not_enrolled' ? 'not_enrolled' : 'unreachable';
    if (!answered.ok) this.#deps.logger.info('status.lookup_centre_failed', { code: answered.error.code });
    const items = mergeStatuses(answered.ok ? answered.value : [], local, this.#deps.pack);
    this.#deps.logger.info('status.lookup', { centre, fromCentre: answered.ok ? answered.value.length : 0, local: local.length, shown: items.length });
    this.#last = { sessionId: session.id, items };
    return ok({ centre, applications: items });
  }

  /** One item of this session's last answer, for the status slip. */
  item(key: string): StatusItem | null {
    const session = this.#deps.session();
    if (!session || !this.#last || this.#last.sessionId !== session.id) return null;
    return this.#last.items.find((item) => item.key === key) ?? null;
  }

  dispose(): void {
    this.#unsubscribe();
    this.#last = null;
  }
}

const matterLabel = (pack: RulePack, matterId: string) => findMatter(pack, matterId)?.label ?? matterId;
const materialLabel = (pack: RulePack, id: string) => pack.materials.find((m) => m.id === id)?.label ?? UNKNOWN_MATERIAL_LABEL;

/**
 * The centre's word first; then this kiosk's applications the centre did not list: not uploaded
 * yet ('uploading'), or uploaded but not in the answer because the centre could not be asked ('sent').
 */
export const mergeStatuses = (fromCentre: readonly CitizenStatus[], local: readonly PersonApplication[], pack: RulePack): StatusItem[] => {
  const items: StatusItem[] = fromCentre.map((s) => ({
    key: s.acceptanceNumber,
    acceptanceNumber: s.acceptanceNumber,
    localNumber: s.localNumber,
    submittedOn: s.receivedOn,
    state: s.status,
    matterLabel: matterLabel(pack, s.matterId),
    decisionDueOn: s.decisionDueOn,
    requestedMaterials: s.status === 'materials_requested' ? (s.requestedMaterials ?? []).map((id) => materialLabel(pack, id)) : [],
    materialsDueOn: s.status === 'materials_requested' ? s.materialsDueOn : null,
    lawyerName: s.lawyerName,
  }));
  const known = (a: PersonApplication) =>
    fromCentre.some((s) =>
      a.acceptanceNumber !== null
        ? s.acceptanceNumber === a.acceptanceNumber
        : // Committed, but the answer had not been stored here yet: the same local number on the same day.
          s.localNumber === a.localNumber && s.receivedOn === a.submittedAt.slice(0, 10),
    );
  for (const a of local) {
    if (known(a)) continue;
    items.push({
      key: a.acceptanceNumber ?? a.localNumber,
      acceptanceNumber: a.acceptanceNumber,
      localNumber: a.localNumber,
      submittedOn: a.submittedAt.slice(0, 10),
      state: a.uploadedAt === null ? 'uploading' : 'sent',
      matterLabel: matterLabel(pack, a.matterId),
      decisionDueOn: a.decisionDueBy,
      requestedMaterials: [],
      materialsDueOn: null,
      lawyerName: null,
    });
  }
  return items.sort((x, y) => y.submittedOn.localeCompare(x.submittedOn));
};

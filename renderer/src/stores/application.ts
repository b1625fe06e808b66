/**
 * The legal-aid application in progress: the draft answers, where the person is on the path, the
 * pages captured (held by the core, only counted here), and after submission the receipt. Wiped
 * with the session, like everything else about the person.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useBridge } from '../app/inject';
import type { CommandOutput, PrintResult, SubmittedApplication } from '../bridge/contract';
import type { RulePack } from '../../../domain/legal-aid/rule-pack';
import { emptyDraft, toAnswers, type Draft } from '../apply/draft';
import { isAnswered, pathFor, type PathContext, type StepId } from '../apply/steps';
import { withinHardshipStandard } from '../apply/hardship';
import { useSessionStore } from './session';

export type ApplyPhase = 'interview' | 'submitting' | 'submitted' | 'failed';
export type SubmitError = 'disk_full' | 'storage_error' | 'invalid' | 'no_session' | 'failed';
type Rules = CommandOutput<'legalAid.rules'>;

export interface CapturedPage {
  attachmentId: string;
  materialId: string;
}

const base64Of = (bytes: Uint8Array): string => {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
};

/**
 * Answers that only meant something for the old value of a changed answer: a status chosen for
 * another matter, "go on anyway" for other income figures. Everything else is kept.
 */
function dependentResets(field: keyof Draft): Partial<Draft> {
  switch (field) {
    case 'forWhom':
      return { relationship: null };
    case 'matterId':
      return { circumstanceId: null, statusId: null, applyAnyway: false, hardshipContinue: null, materialsDone: false, pledgeAccepted: null };
    case 'circumstanceId':
      return { statusId: null, hardshipContinue: null, materialsDone: false, pledgeAccepted: null };
    case 'statusId':
      return { hardshipContinue: null, materialsDone: false, pledgeAccepted: null };
    case 'members':
    case 'monthlyIncome':
      return { hardshipContinue: null };
    default:
      return {};
  }
}

export const useApplicationStore = defineStore('application', () => {
  const bridge = useBridge();
  const session = useSessionStore();

  const rules = shallowRef<Rules | null>(null);
  const rulesFailed = ref(false);
  const draft = ref<Draft>(emptyDraft());
  const step = ref<StepId>('intro');
  /** Editing from the review screen: "下一步" goes back there. */
  const returnToReview = ref(false);
  const pages = ref<CapturedPage[]>([]);
  const phase = ref<ApplyPhase>('interview');
  const submitError = ref<SubmitError | null>(null);
  const submitted = shallowRef<SubmittedApplication | null>(null);
  const printing = ref(false);
  const printResults = shallowRef<PrintResult[] | null>(null);

  const pack = computed<RulePack | null>(() => rules.value?.pack ?? null);
  const pathContext = computed<PathContext | null>(() =>
    pack.value
      ? {
          pack: pack.value,
          applicantCardRead: session.current?.applicant != null,
          withinHardshipStandard: withinHardshipStandard(pack.value, rules.value!.kioskRegionCode, draft.value),
        }
      : null,
  );
  const path = computed<StepId[]>(() => (pathContext.value ? pathFor(draft.value, pathContext.value) : ['intro']));
  const index = computed(() => Math.max(0, path.value.indexOf(step.value)));
  const answered = computed(() => (pathContext.value ? isAnswered(step.value, draft.value, pathContext.value) : false));
  const pagesByMaterial = computed<Record<string, number>>(() => {
    const counts: Record<string, number> = {};
    for (const p of pages.value) counts[p.materialId] = (counts[p.materialId] ?? 0) + 1;
    return counts;
  });

  async function begin(): Promise<boolean> {
    wipe();
    const loaded = await bridge.call('legalAid.rules', {});
    if (!loaded.ok) {
      rulesFailed.value = true;
      return false;
    }
    rules.value = loaded.value;
    return true;
  }

  /**
   * A lawyer's legal-aid referral from a video consultation: the interview starts with the matter
   * the lawyer chose already answered (the person can still change it). An unknown matter id is
   * ignored: the person chooses as usual.
   */
  async function beginWithMatter(matterId: string | null): Promise<boolean> {
    if (!(await begin())) return false;
    if (matterId !== null && pack.value?.matters.some((m) => m.id === matterId)) answer('matterId', matterId);
    return true;
  }

  /** Sets one answer. Later screens that depended on it reappear unanswered only if they must. */
  function answer<K extends keyof Draft>(field: K, value: Draft[K]): void {
    const changed = draft.value[field] !== value;
    draft.value = { ...draft.value, [field]: value, ...(changed ? dependentResets(field) : {}) };
  }

  function next(): void {
    if (!answered.value) return;
    const list = path.value;
    if (returnToReview.value && list.includes('review') && firstUnanswered() === null) {
      returnToReview.value = false;
      step.value = 'review';
      return;
    }
    const i = list.indexOf(step.value);
    step.value = list[Math.min(i + 1, list.length - 1)] ?? 'intro';
  }

  /** The first screen on the path still waiting for its answer (review excluded). */
  function firstUnanswered(): StepId | null {
    const ctx = pathContext.value;
    if (!ctx) return 'intro';
    return path.value.find((s) => s !== 'review' && s !== 'outcome' && !isAnswered(s, draft.value, ctx)) ?? null;
  }

  /** Back never loses an answer: it only moves. Returns false on the first screen. */
  function back(): boolean {
    const i = path.value.indexOf(step.value);
    if (i <= 0) return false;
    step.value = path.value[i - 1]!;
    return true;
  }

  function edit(target: StepId): void {
    if (!path.value.includes(target)) return;
    returnToReview.value = true;
    step.value = target;
  }

  async function addPage(materialId: string, jpeg: Uint8Array): Promise<boolean> {
    const put = await bridge.call('application.putAttachment', { kind: 'material', materialId, mime: 'image/jpeg', base64: base64Of(jpeg) });
    if (!put.ok) return false;
    pages.value = [...pages.value, { attachmentId: put.value.attachmentId, materialId }];
    return true;
  }

  async function removePage(attachmentId: string): Promise<void> {
    await bridge.call('application.removeAttachment', { attachmentId });
    pages.value = pages.value.filter((p) => p.attachmentId !== attachmentId);
  }

  async function saveSignature(png: Uint8Array): Promise<boolean> {
    const put = await bridge.call('application.putAttachment', { kind: 'signature', materialId: null, mime: 'image/png', base64: base64Of(png) });
    answer('signatureCaptured', put.ok);
    return put.ok;
  }

  async function submit(): Promise<boolean> {
    if (!pack.value || !session.current || phase.value === 'submitting') return false;
    const person = session.current.applicant ?? session.current.citizen;
    let answers;
    try {
      answers = toAnswers(draft.value, { pack: pack.value, applicant: { age: person.age, sex: person.sex }, pages: pagesByMaterial.value });
    } catch {
      submitError.value = 'invalid';
      phase.value = 'failed';
      return false;
    }
    phase.value = 'submitting';
    submitError.value = null;
    const result = await bridge.call('application.submit', { answers });
    if (!result.ok) {
      const code = result.error.code;
      submitError.value = code === 'disk_full' || code === 'storage_error' || code === 'no_session' ? code : code === 'invalid_input' ? 'invalid' : 'failed';
      phase.value = 'failed';
      return false;
    }
    submitted.value = result.value;
    phase.value = 'submitted';
    void print();
    return true;
  }

  async function print(): Promise<void> {
    if (!submitted.value || printing.value) return;
    printing.value = true;
    const result = await bridge.call('application.print', { applicationId: submitted.value.applicationId });
    printing.value = false;
    printResults.value = result.ok ? result.value.results : [{ document: 'receipt', outcome: 'failed' }];
  }

  function wipe(): void {
    rules.value = null;
    rulesFailed.value = false;
    draft.value = emptyDraft();
    step.value = 'intro';
    returnToReview.value = false;
    pages.value = [];
    phase.value = 'interview';
    submitError.value = null;
    submitted.value = null;
    printing.value = false;
    printResults.value = null;
  }

  return {
    rules,
    rulesFailed,
    pack,
    draft,
    step,
    path,
    index,
    answered,
    returnToReview,
    pages,
    pagesByMaterial,
    phase,
    submitError,
    submitted,
    printing,
    printResults,
    begin,
    beginWithMatter,
    answer,
    next,
    back,
    edit,
    firstUnanswered,
    addPage,
    removePage,
    saveSignature,
    submit,
    print,
    wipe,
  };
});

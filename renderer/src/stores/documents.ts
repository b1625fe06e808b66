/**
 * Drafting a document (法律文书) on screen: the chosen template, the answers, where the person is,
 * and the preview the core rendered. The citizen's own block (name, ID number, address) is filled
 * by the core from the card it holds; this store never sees the address or the full number. The
 * answers live only here, for the session: a new card or the end of the session wipes them.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { useBridge } from '../app/inject';
import type { CommandOutput, PrintResult } from '../bridge/contract';
import { checkAnswer, stepsFor, type Answers, type Step } from '../../../domain/documents/answers';
import type { DocumentTemplate } from '../../../domain/documents/template';
import { useSessionStore } from './session';

export type DraftPhase = 'choose' | 'intro' | 'question' | 'preview';
type Preview = CommandOutput<'documents.preview'>;

export const useDocumentsStore = defineStore('documents', () => {
  const bridge = useBridge();
  const session = useSessionStore();

  const templates = shallowRef<DocumentTemplate[] | null>(null);
  const loadFailed = ref(false);
  const templateId = ref<string | null>(null);
  const answers = ref<Answers>({});
  const phase = ref<DraftPhase>('choose');
  const stepIndex = ref(0);
  /** Editing from the preview: 下一步 returns there once everything is answered. */
  const returnToPreview = ref(false);
  const preview = shallowRef<Preview | null>(null);
  const previewFailed = ref(false);
  const printing = ref(false);
  const printResult = shallowRef<PrintResult['outcome'] | 'error' | null>(null);
  /** The amount a drafted complaint claims, for the fee calculator (fen). */
  const feePrefillFen = ref<number | null>(null);
  /** Bumped by wipe, so an answer arriving after the person left is dropped. */
  let generation = 0;

  const template = computed(() => templates.value?.find((t) => t.id === templateId.value) ?? null);
  const steps = computed<Step[]>(() => (template.value ? stepsFor(template.value, answers.value) : []));
  const step = computed<Step | null>(() => steps.value[stepIndex.value] ?? null);
  /** The kiosk's local date (the core checks the answers again with its own clock). */
  const today = () => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const answered = computed(() => (step.value ? checkAnswer(step.value, answers.value[step.value.key], today()) === null : false));

  async function load(): Promise<void> {
    if (templates.value) return;
    const mine = generation;
    const result = await bridge.call('documents.templates', {});
    if (mine !== generation) return;
    if (result.ok) templates.value = result.value.templates as DocumentTemplate[];
    else loadFailed.value = true;
  }

  function choose(id: string): void {
    if (templateId.value !== id) {
      templateId.value = id;
      answers.value = {};
      preview.value = null;
    }
    stepIndex.value = 0;
    returnToPreview.value = false;
    printResult.value = null;
    phase.value = 'intro';
  }

  function start(): void {
    phase.value = 'question';
    stepIndex.value = 0;
  }

  /** Sets one answer ('' clears it). Answers of other steps are kept, even those off the path now. */
  function answer(key: string, value: string): void {
    const next = { ...answers.value };
    if (value === '') delete next[key];
    else next[key] = value;
    answers.value = next;
  }

  function firstUnanswered(): number {
    return steps.value.findIndex((s) => checkAnswer(s, answers.value[s.key], today()) !== null);
  }

  async function next(): Promise<void> {
    if (!answered.value) return;
    if (returnToPreview.value && firstUnanswered() === -1) return showPreview();
    if (stepIndex.value + 1 < steps.value.length) stepIndex.value += 1;
    else await showPreview();
  }

  /** 跳过 on an optional question: its answer is cleared, the person moves on. */
  async function skip(): Promise<void> {
    if (!step.value?.optional) return;
    answer(step.value.key, '');
    await next();
  }

  /** Back never clears an answer; from the first question it returns to the introduction. */
  function back(): boolean {
    if (phase.value === 'preview') {
      phase.value = 'question';
      stepIndex.value = Math.max(0, steps.value.length - 1);
      return true;
    }
    if (phase.value === 'question') {
      if (stepIndex.value > 0) stepIndex.value -= 1;
      else phase.value = 'intro';
      return true;
    }
    if (phase.value === 'intro') {
      phase.value = 'choose';
      return true;
    }
    return false;
  }

  function edit(key: string): void {
    const i = steps.value.findIndex((s) => s.key === key);
    if (i === -1) return;
    stepIndex.value = i;
    returnToPreview.value = true;
    phase.value = 'question';
  }

  async function showPreview(): Promise<void> {
    if (!templateId.value) return;
    const mine = generation;
    returnToPreview.value = false;
    phase.value = 'preview';
    preview.value = null;
    previewFailed.value = false;
    printResult.value = null;
    const result = await bridge.call('documents.preview', { templateId: templateId.value, answers: answers.value });
    if (mine !== generation) return;
    if (result.ok) {
      preview.value = result.value;
      feePrefillFen.value = result.value.feeClaimFen;
    } else previewFailed.value = true;
  }

  async function print(): Promise<void> {
    if (!templateId.value || printing.value) return;
    const mine = generation;
    printing.value = true;
    printResult.value = null;
    const result = await bridge.call('documents.print', { templateId: templateId.value, answers: answers.value });
    if (mine !== generation) return;
    printing.value = false;
    printResult.value = result.ok ? (result.value.results[0]?.outcome ?? 'failed') : 'error';
  }

  function wipe(): void {
    generation += 1;
    templateId.value = null;
    answers.value = {};
    phase.value = 'choose';
    stepIndex.value = 0;
    returnToPreview.value = false;
    preview.value = null;
    previewFailed.value = false;
    printing.value = false;
    printResult.value = null;
    feePrefillFen.value = null;
  }

  // The drafted document belongs to the person on screen: another card, or nobody, wipes it.
  watch(
    () => session.current?.id ?? null,
    (now, before) => {
      if (now !== before) wipe();
    },
  );

  return {
    templates,
    loadFailed,
    templateId,
    template,
    answers,
    phase,
    steps,
    step,
    stepIndex,
    answered,
    returnToPreview,
    preview,
    previewFailed,
    printing,
    printResult,
    feePrefillFen,
    load,
    choose,
    start,
    answer,
    next,
    skip,
    back,
    edit,
    showPreview,
    print,
    wipe,
  };
});

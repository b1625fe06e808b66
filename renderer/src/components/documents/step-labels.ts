/**
 * What a drafting screen asks and how an answer reads back, for one step of a template. The
 * question texts of the documents are data (resources/documents); the few generic ones for a
 * party's parts are in the i18n table (documents.party.*), with the party's role filled in.
 */
import { partyKind, type Answers, type Step } from '../../../../domain/documents/answers';
import { figuresDate, parseYuan, yuanFigures } from '../../../../domain/documents';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function stepLabel(step: Step, answers: Answers, t: Translate): { title: string; hint: string } {
  const q = step.question;
  if (step.part === null || step.part === 'kind') return { title: q.label, hint: q.hint ?? '' };
  const role = q.kind === 'party' ? q.role : '';
  const kind = q.kind === 'party' ? partyKind(q, answers) : null;
  switch (step.part) {
    case 'name':
      return { title: t(`documents.party.name${kind ?? 'person'}`, { role }), hint: kind === 'organisation' ? t('documents.party.namehint') : '' };
    case 'address':
      return { title: t(`documents.party.address${kind ?? 'person'}`, { role }), hint: '' };
    case 'code':
      return { title: t('documents.party.code', { role }), hint: t('documents.party.codehint') };
    case 'representative':
      return { title: t('documents.party.representative', { role }), hint: t('documents.party.representativehint') };
    case 'sex':
      return { title: t('documents.party.sex', { role }), hint: '' };
    case 'birthDate':
      return { title: t('documents.party.birthDate', { role }), hint: '' };
  }
}

/** The choices of a choice screen (a choice question, a party's kind or sex). */
export function stepChoices(step: Step, t: Translate): Array<{ value: string; label: string }> | null {
  const q = step.question;
  if (step.part === 'kind' && q.kind === 'party') return q.kinds.map((k) => ({ value: k, label: t(`documents.kinds.${k}`) }));
  if (step.part === 'sex') return [{ value: 'male', label: t('documents.sex.male') }, { value: 'female', label: t('documents.sex.female') }];
  if (step.part === null && q.kind === 'choice') return q.choices.map((c) => ({ value: c.value, label: c.label }));
  return null;
}

/** An answer in words, for the list of answers on the preview screen. */
export function answerText(step: Step, value: string | undefined, t: Translate): string {
  if (value === undefined || value === '') return '';
  const choice = stepChoices(step, t)?.find((c) => c.value === value);
  if (choice) return choice.label;
  if (step.part === 'birthDate' || (step.part === null && step.question.kind === 'date')) return figuresDate(value);
  if (step.part === null && step.question.kind === 'money') {
    const fen = parseYuan(value);
    return fen === null ? value : `${yuanFigures(fen)}元`;
  }
  return value;
}

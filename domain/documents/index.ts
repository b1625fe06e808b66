// Document drafting (issue 7): templates as data, answers, the filled document, QR text. Pure.
export { DocumentTemplateSchema, QuestionSchema, placeholders, type DocumentTemplate, type Question, type QuestionKind } from './template.ts';
export { AnswersSchema, ANSWER_MAX_LENGTH, checkAnswer, checkAnswers, partyKind, stepsFor, type AnswerIssue, type AnswerProblem, type Answers, type PartyPart, type Step } from './answers.ts';
export { documentText, numbered, renderTemplate, totalFen, type CitizenParty, type DocumentParty, type DocumentSection, type DraftedDocument } from './render.ts';
export { parseYuan, yuanCapital, yuanFigures, yuanSpoken, numberSpoken } from './money.ts';
export { chineseDate, figuresDate } from './chinese-date.ts';
export { joinQrParts, qrParts, QR_PART_BYTES } from './qr-text.ts';

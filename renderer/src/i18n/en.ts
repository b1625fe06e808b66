/**
 * English: the second language that proves the citizen flow is fully in i18n tables (issue 7).
 * Complete: its type demands every zh-CN key (the consult, education, documents and fees areas are
 * their screens' owners' tables). en.test.ts also lists any key missing or extra on either side.
 */
import type { MessageShape } from './shape';
import type { MessageSchema } from './zh-CN';
import root from './root.en';
import apply from './apply.en';
import input from './input.en';
import status from './status.en';
import provisioning from './provisioning.en';
import consult from './consult.en';
import education from './education.en';
import documents from './documents.en';
import fees from './fees.en';

/** Every zh-CN key, in English: a key added to zh-CN without its English words fails the typecheck. */
const en: MessageShape<MessageSchema> = {
  apply,
  input,
  status,
  provisioning,
  consult,
  education,
  documents,
  fees,
  ...root,
};

export default en;

/** The console's consultation records: history, detail, notes, push templates and lawyer profiles (CONSULT_PATHS). */
import {
  CONSULT_PATHS,
  ConsultationDetailSchema,
  ConsultationListSchema,
  LawyerProfileListSchema,
  LawyerWithProfileSchema,
  PushTemplateListSchema,
  type ConsultationDetail,
  type ConsultationList,
  type ConsultationListQuery,
  type LawyerProfileBody,
  type LawyerWithProfile,
  type MatterCategory,
  type PushTemplate,
} from '../../../../domain/consult/protocol.ts';
import { apiGet, apiPut, withQuery } from './client.ts';

export const fetchConsultations = (query: Partial<ConsultationListQuery> = {}): Promise<ConsultationList> =>
  apiGet(withQuery(CONSULT_PATHS.consultations, { ...query }), ConsultationListSchema);

export const fetchConsultation = (id: string): Promise<ConsultationDetail> => apiGet(`${CONSULT_PATHS.consultations}/${encodeURIComponent(id)}`, ConsultationDetailSchema);

/** Saves the notes; answers the consultation as it now stands (with the new notesVersion). */
export const saveNotes = (id: string, notes: string, version: number | undefined): Promise<ConsultationDetail> =>
  apiPut(`${CONSULT_PATHS.consultations}/${encodeURIComponent(id)}/notes`, version === undefined ? { notes } : { notes, version }, ConsultationDetailSchema);

/** Same-origin address of a consultation's recording (the <video> asks for byte ranges itself). */
export const recordingUrl = (id: string): string => `${CONSULT_PATHS.consultations}/${encodeURIComponent(id)}/recording`;

export const fetchPushTemplates = async (matter?: MatterCategory): Promise<PushTemplate[]> =>
  (await apiGet(withQuery(CONSULT_PATHS.pushTemplates, { matter }), PushTemplateListSchema)).templates;

export const fetchLawyerProfiles = async (): Promise<LawyerWithProfile[]> => (await apiGet(CONSULT_PATHS.lawyerProfiles, LawyerProfileListSchema)).lawyers;

export const saveLawyerProfile = (accountId: string, body: LawyerProfileBody): Promise<LawyerWithProfile> =>
  apiPut(`${CONSULT_PATHS.lawyerProfiles}/${encodeURIComponent(accountId)}`, body, LawyerWithProfileSchema);

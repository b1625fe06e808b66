/** The lawyer-profile form's text fields turned into the contract's body (and back). */
import { LawyerProfileBodySchema, type LawyerProfileBody, type LawyerWithProfile } from '../../../../domain/consult/protocol.ts';

export interface ProfileForm {
  displayName: string;
  organisation: string;
  /** Region codes as typed: separated by commas (either width), 、 or whitespace. */
  regions: string;
  matterCategories: LawyerProfileBody['matterCategories'];
  languages: LawyerProfileBody['languages'];
}

export const regionList = (text: string): string[] => [...new Set(text.split(/[\s,，、;；]+/).filter((code) => code.length > 0))];

export const formFor = (lawyer: LawyerWithProfile): ProfileForm => ({
  displayName: lawyer.profile?.displayName ?? lawyer.accountDisplayName,
  organisation: lawyer.profile?.organisation ?? '',
  regions: (lawyer.profile?.regionCodes ?? []).join(', '),
  matterCategories: [...(lawyer.profile?.matterCategories ?? [])],
  languages: [...(lawyer.profile?.languages ?? ['zh'])],
});

export const bodyOf = (form: ProfileForm) =>
  LawyerProfileBodySchema.safeParse({
    displayName: form.displayName,
    organisation: form.organisation,
    regionCodes: regionList(form.regions),
    matterCategories: form.matterCategories,
    languages: form.languages,
  });

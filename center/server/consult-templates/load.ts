/**
 * The checklists and the mediation referral a lawyer can push to the kiosk's printer (issue 6),
 * kept as data: one JSON file per template in this folder, named after its id. Every file is
 * validated with PushTemplateSchema when the centre starts; a broken one stops the start rather
 * than reach a citizen's printout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PushTemplateSchema, type MatterCategory, type PushTemplate } from '../../../domain/consult/protocol.ts';

export const DEFAULT_PUSH_TEMPLATES_DIR = fileURLToPath(new URL('.', import.meta.url));

export interface PushTemplates {
  /** All templates by id, or those for one matter. */
  list(matter?: MatterCategory): readonly PushTemplate[];
}

export const loadPushTemplates = (directory: string = DEFAULT_PUSH_TEMPLATES_DIR): PushTemplates => {
  const templates = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const parsed = PushTemplateSchema.strict().safeParse(JSON.parse(readFileSync(join(directory, name), 'utf8')));
      if (!parsed.success) throw new Error(`push template ${name}: invalid ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      if (`${parsed.data.id}.json` !== name) throw new Error(`push template ${name}: its id must be its file name`);
      if (parsed.data.matterCategories.length === 0) throw new Error(`push template ${name}: names no matter`);
      return parsed.data;
    });
  return {
    list: (matter) => (matter === undefined ? templates : templates.filter((t) => t.matterCategories.includes(matter))),
  };
};

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DocumentTemplateSchema, type DocumentTemplate } from '../../../domain/documents/template.ts';

/**
 * The document templates under resources/documents, in the order of `index.json`. A template that
 * does not validate stops the start with its file name: a kiosk must not print a broken form.
 */
export function loadDocumentTemplates(dir: string): DocumentTemplate[] {
  const ids = z.array(z.string().regex(/^[a-z][a-z0-9-]{1,47}$/)).parse(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')));
  return ids.map((id) => {
    const parsed = DocumentTemplateSchema.safeParse(JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')));
    if (!parsed.success) throw new Error(`document template ${id}.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    if (parsed.data.id !== id) throw new Error(`document template ${id}.json names itself ${parsed.data.id}`);
    return parsed.data;
  });
}

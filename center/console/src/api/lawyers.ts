/** The lawyers a reviewer can assign (CONSOLE_API.lawyers). */
import { z } from 'zod';
import { CONSOLE_API } from '../../../../domain/centre/console-api.ts';
import { apiGet } from './client.ts';

const LawyerSchema = z.object({ id: z.string().uuid(), displayName: z.string() });
export type Lawyer = z.infer<typeof LawyerSchema>;

const LawyersAnswerSchema = z.union([z.array(LawyerSchema), z.object({ items: z.array(LawyerSchema) }).transform((a) => a.items)]);

export const fetchLawyers = (): Promise<Lawyer[]> => apiGet(CONSOLE_API.lawyers, LawyersAnswerSchema);

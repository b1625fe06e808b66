/**
 * GB 3304 nationality (民族) codes as stored on resident cards. The table lives in resources/ so
 * that printing templates and the centre can use the same data without importing code.
 */
import table from '../../resources/data/gb3304-nations.json' with { type: 'json' };

const NATIONS: Readonly<Record<string, string>> = table;

/** Name for a two-digit GB 3304 code (`'01'` → `'汉族'`), or null for a code not in the table. */
export function nationName(code: string): string | null {
  // hasOwn, not `in`: a chip field reading "constructor" must not find Object.prototype.
  return Object.hasOwn(NATIONS, code) ? NATIONS[code]! : null;
}

/**
 * All codes in GB 3304 order, for pickers and reports. Sorted explicitly: JavaScript lists
 * integer-like keys ("10".."98") before the others ("01".."09"), so key order is not file order.
 */
export function nationCodes(): readonly string[] {
  return Object.keys(NATIONS).sort();
}

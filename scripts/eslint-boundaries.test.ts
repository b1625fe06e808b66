import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Proves the architecture's boundary rules bite: each snippet is linted as if it lived at the
// given path, with the project's own eslint.config.js.
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

const ruleIds = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId);
};

describe('architecture boundaries', () => {
  it("forbids 'electron' outside electron/shell", async () => {
    expect(await ruleIds('electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/shell/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toContain('no-restricted-imports');
  });

  it('forbids Node built-ins in the renderer, with or without the node: prefix', async () => {
    expect(await ruleIds('renderer/src/x.ts', "import fs from 'fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import { join } from 'node:path';\nexport const a = join;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', 'export const a = process.env.X;\n')).toContain('no-restricted-globals');
  });

  it('lets the renderer import the API contract but not core internals', async () => {
    expect(await ruleIds('renderer/src/x.ts', "import { commands } from '../../electron/core/api/contract.ts';\nexport const a = commands;\n")).not.toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('renderer/src/x.ts', "import { buildCore } from '../../electron/core/app.ts';\nexport const a = buildCore;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('forbids I/O in domain', async () => {
    expect(await ruleIds('domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('domain/x.ts', "import Database from 'better-sqlite3-multiple-ciphers';\nexport const a = Database;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('domain/x.ts', "export const a = () => fetch('/x');\n")).toContain('no-restricted-globals');
    expect(await ruleIds('domain/x.ts', 'export const a = (n: number) => n + 1;\n')).toEqual([]);
  });
});

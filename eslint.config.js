// Lint rules that keep the architecture honest (architecture.md, "Rules that keep the house tidy"):
//   - `electron` is imported only under electron/shell/
//   - Node built-ins never under renderer/ (it runs sandboxed in a browser)
//   - domain/ does no I/O: no Node built-ins, no I/O packages, no I/O globals
//   - the renderer reaches the core only through the API contract, never its internals
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioPackages = ['serialport', '@serialport/*', 'better-sqlite3-multiple-ciphers', 'playwright-core', 'ws', 'fastify', '@fastify/*'];

const noElectron = { name: 'electron', message: "Only electron/shell/ may import 'electron' (Electron is a thin shell)." };
const builtinPaths = (message) => nodeBuiltins.map((name) => ({ name, message }));

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'center/console/dist/', '.data/', '.cache/', 'test-results/', 'playwright-report/', '**/*.d.ts.map'],
  },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/attributes-order': 'off',
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    files: ['electron/shell/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...builtinPaths('The renderer runs in a sandboxed browser: no Node built-ins.')],
          patterns: [
            { group: ioPackages, message: 'The renderer reaches devices and storage only through the Bridge.' },
            {
              regex: 'electron/core/(?!api/contract(\\.ts)?$)',
              message: 'The renderer may import only the API contract from the core.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No Node in the renderer.' }, { name: 'require', message: 'No Node in the renderer.' }],
    },
  },
  {
    // The centre's staff console runs in a browser and reaches the centre only over its HTTP API.
    files: ['center/console/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...builtinPaths('The console runs in a browser: no Node built-ins.')],
          patterns: [
            { group: ioPackages, message: 'The console reaches the centre only over its HTTP API.' },
            { regex: '(^|/)(electron|renderer)/|center/server/', message: 'The console imports only domain/ and resources/, never server or kiosk code.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No Node in the console.' }, { name: 'require', message: 'No Node in the console.' }],
    },
  },
  {
    files: ['domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...builtinPaths('domain/ is pure logic: no I/O, no Node built-ins.')],
          patterns: [
            { group: ioPackages, message: 'domain/ is pure logic: no I/O packages.' },
            { regex: '(^|/)(electron|renderer|center)/', message: 'domain/ depends on nothing else in the repo.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['fetch', 'XMLHttpRequest', 'WebSocket', 'localStorage', 'sessionStorage', 'indexedDB', 'process', 'Buffer', 'require', 'document', 'window', 'navigator'].map(
          (name) => ({ name, message: 'domain/ is pure logic: no I/O.' }),
        ),
      ],
    },
  },
);

#!/usr/bin/env node
/**
 * Compiles @pinyin-pro/data's modern word list into the kiosk's pinyin word file
 * (renderer/src/services/pinyin/words.compiled.txt, committed). Run after upgrading @pinyin-pro/data:
 *
 *   node --import tsx scripts/pinyin-build-index.mjs
 *
 * A unit test (compiled-words.test.ts) fails when the committed file is not what this would write.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileWords } from '../renderer/src/services/pinyin/compiled-words.ts';

const source = fileURLToPath(new URL('../node_modules/@pinyin-pro/data/json/modern.json', import.meta.url));
const target = fileURLToPath(new URL('../renderer/src/services/pinyin/words.compiled.txt', import.meta.url));

const started = performance.now();
const compiled = compileWords(JSON.parse(await readFile(source, 'utf8')));
await writeFile(target, compiled);
const lines = compiled.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
console.log(`pinyin words: ${lines} words, ${(compiled.length / 1024).toFixed(0)} KiB (UTF-16 units) in ${Math.round(performance.now() - started)} ms -> ${target}`);

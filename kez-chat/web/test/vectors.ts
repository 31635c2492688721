// The repository's test vectors, read as they are (testdata/vectors, never edited).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const vectorsDir = fileURLToPath(new URL('../../../testdata/vectors/', import.meta.url));
export const readVector = (rel: string): string => readFileSync(vectorsDir + rel, 'utf8');
export const readJson = <T = any>(rel: string): T => JSON.parse(readVector(rel));

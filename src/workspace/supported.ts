import type { Criterion } from '../core/track.js';

/** Criterion kinds whose commands this version has; the others show as pending. */
export const SUPPORTED_CRITERIA: ReadonlySet<Criterion['kind']> = new Set(['attest', 'journal', 'check', 'quiz', 'experiment', 'paper']);

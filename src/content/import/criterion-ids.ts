import type { ImportedCriterion } from './model.js';
import { slug } from './patterns.js';

/** An id from the first words of a criterion's text, cut at a word boundary: stable when items are added or moved. */
export function criterionId(text: string, from: string): string {
  let id = '';
  for (const word of slug(text).split('-')) {
    if (id && id.length + word.length + 1 > 40) break;
    id = id ? `${id}-${word}` : word;
  }
  return id || from;
}

/** Makes the ids of a unit's criteria unique, in order: a second "exercise" becomes "exercise-2". */
export function uniqueCriterionIds(criteria: ImportedCriterion[]): void {
  const used = new Set<string>();
  for (const criterion of criteria) {
    const base = criterion.id.slice(0, 40).replace(/-+$/, '') || criterion.from;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    criterion.id = id;
  }
}

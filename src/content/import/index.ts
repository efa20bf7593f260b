export { inferTrack } from './infer.js';
export { planTrack, matchIds, type TrackPlan, type ImportChanges } from './emit.js';
export { writePlan } from './write.js';
export type { ImportedTrack, ImportedUnit, ImportedPhase, ImportedCriterion, Ignored } from './model.js';

export { inferTrack, type InferOptions } from './infer.js';
export { assistRequest, compareAssisted, readAssistReply, type AssistComparison, type AssistedStructure } from './assist.js';
export { planTrack, matchIds, type TrackPlan, type ImportChanges } from './emit.js';
export { writePlan } from './write.js';
export { prepareImport, type ImportRequest, type PreparedImport } from './prepare.js';
export type { ImportedTrack, ImportedUnit, ImportedPhase, ImportedCriterion, Ignored, ImportWarning, Reading, Structure } from './model.js';

export { followJobs, pollingFollower, type JobFollower } from './follow.js';
export { holdLiveness, recoverVanished, type Liveness, type Recovered } from './liveness.js';
export { localQueue, startLocalRunner, type LocalRunner, type LocalRunnerOptions } from './local-runner.js';
export { prepareCheckQueue } from './prepare.js';
export { failAttempt, runAttempt, type Attempt, type AttemptOptions, type AttemptOutcome, type VerifiedEventSink } from './run-job.js';
export { openTeamChecks, type TeamChecks } from './service.js';
export { teamEventSink } from './sink.js';
export { kyselySql, pgSql } from './sql.js';
export {
  addJobEvent,
  CHECK_TASK,
  deadJobs,
  enqueueCheck,
  EVENTS_CHANNEL,
  findJob,
  graphileQueue,
  jobEventsAfter,
  jobOf,
  type CheckJob,
  type CheckSpec,
  type JobEventRow,
  type JobFile,
  type JobRow,
  type JobState,
  type NewJob,
  type QueueAdd,
  type Sql,
  type SqlPool,
} from './store.js';
export { DEFAULT_MAX_ATTEMPTS, submitCheck, trackFilesOf, type CheckSubmission } from './submit.js';
export { readUpload, UPLOAD_BODY_BYTES, UPLOAD_LIMITS, uploadPathProblem, type CheckFile, type UploadedFile } from './upload.js';
export { asReported } from './verified.js';
export { startCheckWorker, type CheckWorker, type CheckWorkerOptions } from './worker.js';

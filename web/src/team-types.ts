// The answers of a team server's own routes, as the server's routes table declares them
// (src/server/api/team-routes.ts): names for the parts the web app passes around, never a copy of their shape.

import type { Reply } from '../../src/server/api/index.js';
import type { NodeStatus } from './api-types';

export type Me = Reply<'GET /auth/me'>;
export type Account = NonNullable<Me['user']>;
export type CohortList = Reply<'GET /team/cohorts'>;
export type CohortSummary = CohortList['cohorts'][number];
export type CohortProgress = Reply<'GET /team/cohorts/:cohort/progress'>;
export type LearnerProgress = CohortProgress['learners'][number];
export type FailingCheck = LearnerProgress['failing'][string];
export type LearnerView = Reply<'GET /team/cohorts/:cohort/learners/:email'>;
export type SignedOff = Reply<'POST /team/cohorts/:cohort/learners/:email/sign-off'>;

/** A `review` criterion of a node, as the learner page lists them for sign-off (made by the page from a LearnerView). */
export interface ReviewItem {
  node: string;
  nodeTitle: string;
  nodeStatus: NodeStatus;
  criterion: string;
  text: string;
  approved: boolean;
}

import type { z } from 'zod';
import type { API } from './routes.js';

// Both servers' routes: a team server has every route a personal server has, and its own.
type Routes = typeof API;

/** A route of the API: `METHOD /path`. */
export type RouteKey = keyof Routes;

/** The routes answered with JSON. */
export type JsonRouteKey = { [K in RouteKey]: Routes[K] extends { responses: object } ? K : never }[RouteKey];

type Responses<K extends JsonRouteKey> = Routes[K]['responses'];

/** The success statuses of a route. */
export type SuccessStatus<K extends JsonRouteKey> = keyof Responses<K> & number;

/** What a route answers with a success status (any of them by default), as the client reads it. */
export type Reply<K extends JsonRouteKey, S extends SuccessStatus<K> = SuccessStatus<K>> = Responses<K>[S] extends z.ZodType
  ? z.output<Responses<K>[S]>
  : never;

/** What a handler may give for a route's answer: the schema's input (before defaults). */
export type ReplyInput<K extends JsonRouteKey, S extends SuccessStatus<K> = SuccessStatus<K>> = Responses<K>[S] extends z.ZodType
  ? z.input<Responses<K>[S]>
  : never;

type PathOf<K extends RouteKey> = K extends `${string} ${infer Path}` ? Path : never;
type ParamNames<Path> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** The path parameters of a route, by name. */
export type Params<K extends RouteKey> = { [Name in ParamNames<PathOf<K>>]: string };

type Query<K extends RouteKey> = Routes[K] extends { query: infer Q extends z.ZodType } ? { query?: z.input<Q> } : { query?: never };
type Body<K extends RouteKey> = Routes[K] extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: never };

/** What a call of a route sends: its path parameters, query and body, as its schemas take them. */
export type Input<K extends JsonRouteKey> = { params: Params<K> } & Query<K> & Body<K>;

type JobEventSchemas = Routes['GET /jobs/:job']['events'];

/** The data of each event of a job's stream (`GET /api/jobs/:job`), by event name. */
export type JobEvents = { [E in keyof JobEventSchemas]: z.output<JobEventSchemas[E]> };

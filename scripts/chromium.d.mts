import type { Browser } from 'playwright-core';

/** Where a launched Chromium came from. */
export type ChromiumSource = 'TRAIL_CHROMIUM' | 'system' | 'bundled';
/** The first Chromium or Chrome on `PATH` or at a well-known place, or undefined. */
export function systemChromium(env?: NodeJS.ProcessEnv): string | undefined;
/** The browsers to try, in order, as TRAIL_CHROMIUM asks: `{ source, path? }`, path unknown for the bundled one until unpacked. */
export function chromiumChoices(env?: NodeJS.ProcessEnv): Array<{ source: ChromiumSource; path?: string }>;
/** Unpacks the @sparticuz/chromium executable once per checkout and version; its path and the environment it needs. */
export function bundledChromium(): Promise<{ path: string; env: Record<string, string>; version: string }>;
/** A headless Chromium through playwright-core, the first of the choices that launches; `source` says which one it is. */
export function launchChromium(env?: NodeJS.ProcessEnv): Promise<{ browser: Browser; source: ChromiumSource; executablePath: string }>;

/**
 * The files the records are written to, by path relative to the workspace (`PROGRESS.md`,
 * `visualizations/…svg`, `.trail/exports.json`). The composition point gives them (the workspace
 * folder in personal mode), so the renderers here touch no file system themselves.
 */
export interface RecordFiles {
  /** The text at `path`, or undefined when there is no file. */
  read(path: string): string | undefined;
  /** Whether there is a file at `path`. */
  has(path: string): boolean;
  /** Writes the whole file (its folder made when missing); a crash leaves the old text or the new, never half. */
  write(path: string, text: string): void;
  /**
   * Runs `work` while no other process runs work of the same `name` on these files (a lock kept
   * beside them): two commands exporting at once take turns, so neither mistakes the other's
   * fresh file for one edited by hand.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;
}

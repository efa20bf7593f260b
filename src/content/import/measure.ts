import { underNoise } from './candidates.js';
import type { Section } from './outline.js';
import { isNoiseTitle } from './patterns.js';

/** How much text there is between two places of a document: non-blank characters, headings left out. */
export class TextMeasure {
  private readonly solid: Int32Array;
  private readonly lineStarts: number[];
  /** The text of the curriculum: all of it but the sections about the document (FAQ, License, …). */
  readonly curriculum: number;

  constructor(text: string, sections: readonly Section[]) {
    // Headings name the text; the text is what the units must hold.
    const heading = new Uint8Array(text.length);
    for (const s of sections) heading.fill(1, s.start, Math.min(s.bodyStart, text.length));
    this.solid = new Int32Array(text.length + 1);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      this.solid[i + 1] = this.solid[i]! + (heading[i] || c === 32 || c === 10 || c === 13 || c === 9 ? 0 : 1);
    }
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    const noise = sections.filter((s) => isNoiseTitle(s.title) && !(s.parent && underNoise(s.parent)));
    this.curriculum = Math.max(1, this.chars(0, text.length) - noise.reduce((sum, s) => sum + this.chars(s.start, s.end), 0));
  }

  /** Non-blank characters between two offsets, headings left out. */
  chars(start: number, end: number): number {
    return end > start ? this.solid[Math.min(end, this.solid.length - 1)]! - this.solid[Math.max(0, start)]! : 0;
  }

  /** The 1-based line of an offset. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}

/** Head and tail of a stream, so 100 MB of output costs a bounded amount of memory. */
export class Kept {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  total = 0;
  constructor(private readonly half: number) {}
  add(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.headBytes < this.half) {
      const take = chunk.subarray(0, this.half - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - (this.tail[0]?.length ?? 0) >= this.half) this.tailBytes -= this.tail.shift()!.length;
  }
  text(): string {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const head = decoder.decode(Buffer.concat(this.head));
    if (this.tail.length === 0) return head;
    const tail = Buffer.concat(this.tail);
    const cut = tail.subarray(Math.max(0, tail.length - this.half));
    const skipped = this.total - this.headBytes - cut.length;
    return skipped > 0 ? `${head}\n… ${skipped} bytes left out …\n${decoder.decode(cut)}` : `${head}${decoder.decode(cut)}`;
  }
  get truncated(): boolean {
    return this.total > this.headBytes + this.half;
  }
}

/**
 * Items paired with React keys made from what each shows. An item that shows the same as one before
 * it gets a count ("loss#2"), so the keys stay unique and each keeps its key when more are added.
 */
export function keyed<T>(items: readonly T[], text: (item: T) => string): Array<[key: string, item: T]> {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = text(item);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return [count === 1 ? base : `${base}#${count}`, item];
  });
}

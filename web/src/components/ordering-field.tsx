/** Items to put in order, each with "Move up" and "Move down" buttons (keyboard and screen-reader friendly). */
export function OrderingField({ items, onChange, disabled }: { items: string[]; onChange: (items: string[]) => void; disabled: boolean }) {
  const move = (from: number, to: number) => {
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onChange(next);
  };
  return (
    <ol className="ordering">
      {items.map((item, i) => (
        <li key={item}>
          <span className="ordering-item">{item}</span>
          <span className="ordering-buttons">
            <button type="button" disabled={disabled || i === 0} onClick={() => move(i, i - 1)} aria-label={`Move "${item}" up`}>
              ↑
            </button>
            <button type="button" disabled={disabled || i === items.length - 1} onClick={() => move(i, i + 1)} aria-label={`Move "${item}" down`}>
              ↓
            </button>
          </span>
        </li>
      ))}
    </ol>
  );
}

// Previous/next paging for lists that page ({items, total, limit, offset}).
export function Pager({ total, offset, onOffset, page = 20 }: { total: number; offset: number; onOffset: (o: number) => void; page?: number }) {
  if (total <= page) return null;
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-2 text-sm">
      <button type="button" className="btn" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - page))}>
        Previous
      </button>
      <span className="muted">
        {offset + 1}–{Math.min(total, offset + page)} of {total}
      </span>
      <button type="button" className="btn" disabled={offset + page >= total} onClick={() => onOffset(offset + page)}>
        Next
      </button>
    </nav>
  );
}

/** Candidate bar pages: a fixed number of big buttons, 前一页/后一页 to move. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly pageCount: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
}

export function pageOf<T>(all: readonly T[], page: number, size: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(all.length / size));
  const current = Math.min(Math.max(0, page), pageCount - 1);
  return {
    items: all.slice(current * size, current * size + size),
    page: current,
    pageCount,
    hasPrevious: current > 0,
    hasNext: current < pageCount - 1,
  };
}

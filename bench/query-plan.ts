// What a query plan scans, from `explain` on MongoDB (stages IXSCAN, COLLSCAN…)
// or on FerretDB 2 with DocumentDB (PostgreSQL plan nodes: Index Scan, Seq Scan…).

export interface PlanScans {
  /** The indexes read (names, or the stage where no name is given). */
  index: string[];
  /** The collections (or PostgreSQL relations) read whole. */
  sequential: string[];
}

/** Walks an `explain` answer and lists its index scans and its full scans. */
export function planScans(explain: unknown): PlanScans {
  const scans: PlanScans = { index: [], sequential: [] };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const text = (key: string) => (typeof record[key] === 'string' ? record[key] : undefined);
    const stage = text('stage') ?? text('Node Type');
    if (stage) {
      if (/IXSCAN|IDHACK|Index (Only )?Scan/i.test(stage))
        scans.index.push(text('indexName') ?? text('Index Name') ?? stage);
      if (/COLLSCAN|Seq Scan/i.test(stage)) scans.sequential.push(text('Relation Name') ?? stage);
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'command') walk(value);
  };
  walk(explain);
  return scans;
}

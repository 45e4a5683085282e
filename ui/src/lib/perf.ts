//! Timing hooks read by the end-to-end test in the real webview.
//!
//! "overview-ready": from the start of the `overview` call to the overview rendered.
//! "overview-data": from the same start to the overview's data received (the rest is drawing).
//! "table-filter": from a search or filter change to the filtered rows committed.
//! `window.__driftwatchPerf()` lists every measure taken so far.

export type PerfEntry = { name: string; duration: number };

declare global {
  interface Window {
    __driftwatchPerf?: () => PerfEntry[];
  }
}

function startMark(name: string): string {
  return `${name}:start`;
}

export function markStart(name: string): void {
  performance.clearMarks(startMark(name));
  performance.mark(startMark(name));
}

/** Measures from the last `markStart(name)`; does nothing when there is none. */
export function measureFrom(name: string): void {
  if (performance.getEntriesByName(startMark(name), "mark").length === 0) return;
  performance.measure(name, startMark(name));
  performance.clearMarks(startMark(name));
}

/** Measures `name` from the last `markStart(start)`, leaving that mark for later measures. */
export function measureSince(name: string, start: string): void {
  if (performance.getEntriesByName(startMark(start), "mark").length === 0) return;
  performance.measure(name, startMark(start));
}

export function perfEntries(): PerfEntry[] {
  return performance.getEntriesByType("measure").map((m) => ({ name: m.name, duration: m.duration }));
}

export function installPerfHook(target: Window = window): void {
  target.__driftwatchPerf = perfEntries;
}

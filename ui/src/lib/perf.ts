//! Timing hooks read by the end-to-end test in the real webview.
//!
//! "overview-ready": from the start of the `overview` call to the overview rendered.
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

export function perfEntries(): PerfEntry[] {
  return performance.getEntriesByType("measure").map((m) => ({ name: m.name, duration: m.duration }));
}

export function installPerfHook(target: Window = window): void {
  target.__driftwatchPerf = perfEntries;
}

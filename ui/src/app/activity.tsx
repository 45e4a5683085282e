//! The long-running tasks (demo, snapshot, reconcile): which one runs, its progress per entity
//! and system from the shell's "progress" events, its outcome in words, and a `dataVersion`
//! that screens reload on when a task has changed the data.
//!
//! Kept above the screens so a snapshot started on the Overview still shows as running on the
//! Snapshots screen, and no two tasks are started at once from this window.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { toIpcError } from "../lib/ipc/backend";
import type { AppState, IpcError, Progress, ReconSummary, SnapshotRunView } from "../lib/ipc/bindings";
import { useBackend } from "../lib/ipc/context";
import { entityLabel, runStatusLabel } from "../lib/labels";
import { formatCount, formatDuration, plural } from "../lib/format";

export type Task = Progress["task"];

export type Outcome = { task: Task; tone: "success" | "warning"; text: string };

export type Activity = {
  running: Task | null;
  /** The latest event per task, entity and system, in the order they first arrived. */
  progress: Progress[];
  /** Bumped when a task has finished and data may have changed. */
  dataVersion: number;
  error: { task: Task; error: IpcError } | null;
  outcome: Outcome | null;
  startDemo(): Promise<AppState | null>;
  snapshotNow(): Promise<void>;
  reconcileNow(): Promise<void>;
  retry(): void;
  dismiss(): void;
};

const ActivityContext = createContext<Activity | null>(null);

export function progressKey(progress: Progress): string {
  return `${progress.task}|${progress.entity ?? ""}|${progress.system ?? ""}`;
}

/** Merges one event into the list: replaces the same task/entity/system, or appends. */
export function mergeProgress(list: Progress[], event: Progress): Progress[] {
  const key = progressKey(event);
  const index = list.findIndex((item) => progressKey(item) === key);
  if (index === -1) return [...list, event];
  const next = list.slice();
  next[index] = event;
  return next;
}

export function snapshotOutcome(run: SnapshotRunView): Outcome {
  const rows = run.parts.reduce((sum, part) => sum + part.rows_read, 0);
  if (run.status === "complete") {
    return {
      task: "snapshot",
      tone: "success",
      text: `Snapshot complete: ${plural(rows, "row")} read in ${formatDuration(run.duration_ms)}, and reconciled.`,
    };
  }
  const troubled = run.parts
    .filter((part) => part.status !== "complete")
    .map((part) => `${entityLabel(part.entity).toLowerCase()} from ${part.system === "magento" ? "Magento" : "the ERP"}`);
  const which = troubled.length > 0 ? ` (${troubled.join(", ")})` : "";
  const reason = run.error === null ? "" : ` ${run.error}`;
  return {
    task: "snapshot",
    tone: "warning",
    text: `Snapshot ${runStatusLabel(run.status).toLowerCase()}${which}: some data could not be read.${reason} See Snapshots for details.`,
  };
}

export function reconcileOutcome(summary: ReconSummary): Outcome {
  const counts =
    `${formatCount(summary.opened)} new, ${formatCount(summary.reopened)} reopened, ` +
    `${formatCount(summary.still_open)} still open, ${formatCount(summary.resolved)} resolved, ` +
    `${formatCount(summary.transients)} gone on a second read`;
  if (!summary.partial) return { task: "reconcile", tone: "success", text: `Reconciled: ${counts}.` };
  const labels = summary.labels.length > 0 ? ` ${summary.labels.join(" ")}` : "";
  return {
    task: "reconcile",
    tone: "warning",
    text: `Reconciled on partial data, so some figures may be incomplete: ${counts}.${labels}`,
  };
}

export function ActivityProvider({ children }: { children: ReactNode }) {
  const backend = useBackend();
  const [running, setRunning] = useState<Task | null>(null);
  const [progress, setProgress] = useState<Progress[]>([]);
  const [dataVersion, setDataVersion] = useState(0);
  const [error, setError] = useState<Activity["error"]>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const runningRef = useRef<Task | null>(null);

  // Only while a task of this window runs: events can trail the command's answer, and bars
  // must not reappear after the task has finished.
  useEffect(
    () =>
      backend.onProgress((event) => {
        if (runningRef.current !== null) setProgress((list) => mergeProgress(list, event));
      }),
    [backend],
  );

  const run = useCallback(
    async <T,>(task: Task, call: () => Promise<T>, describe: (result: T) => Outcome | null): Promise<T | null> => {
      if (runningRef.current !== null) return null;
      runningRef.current = task;
      setRunning(task);
      setProgress([]);
      setError(null);
      setOutcome(null);
      try {
        const result = await call();
        setOutcome(describe(result));
        setDataVersion((version) => version + 1);
        return result;
      } catch (reason) {
        setError({ task, error: toIpcError(reason) });
        return null;
      } finally {
        runningRef.current = null;
        setRunning(null);
        setProgress([]);
      }
    },
    [],
  );

  const startDemo = useCallback(() => run("demo", () => backend.startDemo(), () => null), [backend, run]);
  const snapshotNow = useCallback(
    async () => void (await run("snapshot", () => backend.snapshotNow(), snapshotOutcome)),
    [backend, run],
  );
  const reconcileNow = useCallback(
    async () => void (await run("reconcile", () => backend.reconcileNow(), reconcileOutcome)),
    [backend, run],
  );

  const retry = useCallback(() => {
    if (error === null) return;
    if (error.task === "snapshot") void snapshotNow();
    else if (error.task === "reconcile") void reconcileNow();
    else void startDemo();
  }, [error, snapshotNow, reconcileNow, startDemo]);

  const dismiss = useCallback(() => {
    setError(null);
    setOutcome(null);
  }, []);

  const value = useMemo<Activity>(
    () => ({ running, progress, dataVersion, error, outcome, startDemo, snapshotNow, reconcileNow, retry, dismiss }),
    [running, progress, dataVersion, error, outcome, startDemo, snapshotNow, reconcileNow, retry, dismiss],
  );
  return <ActivityContext.Provider value={value}>{children}</ActivityContext.Provider>;
}

export function useActivity(): Activity {
  const activity = useContext(ActivityContext);
  if (activity === null) throw new Error("useActivity outside <ActivityProvider>");
  return activity;
}

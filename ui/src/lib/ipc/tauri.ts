//! `Backend` over Tauri's `invoke` and `listen`. Command names and argument names are the
//! shell's (`src-tauri`); every rejection is normalised to an `IpcError`.

import { invoke, isTauri } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Backend } from "./backend";
import { toIpcError } from "./backend";
import type { IpcError, Progress } from "./bindings";

const NOT_IN_APP: IpcError = {
  code: "internal",
  message: "This page only works inside the Driftwatch app. Open Driftwatch from its launcher instead of a web browser.",
};

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!isTauri()) throw NOT_IN_APP;
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toIpcError(reason);
  }
}

export const tauriBackend: Backend = {
  appState: () => call("app_state"),
  startDemo: () => call("start_demo"),
  connectForms: () => call("connect_forms"),
  connectSystems: (request) => call("connect_systems", { request }),
  testConnections: () => call("test_connections"),
  connections: () => call("connections"),
  saveSecret: (connection, secret, value) => call("save_secret", { connection, secret, value }),
  deleteSecret: (connection, secret) => call("delete_secret", { connection, secret }),
  rulesDocument: () => call("rules_document"),
  mappingChoices: () => call("mapping_choices"),
  saveRules: (version, form) => call("save_rules", { version, form }),
  overview: () => call("overview"),
  mismatches: (query) => call("mismatches", { query }),
  mismatchDetail: (id) => call("mismatch_detail", { id }),
  decideMismatch: (id, decision, note) => call("decide_mismatch", { id, decision, note }),
  stockHistory: (sku, source) => call("stock_history", { sku, source }),
  snapshotRuns: (limit) => call("snapshot_runs", { limit }),
  snapshotNow: () => call("snapshot_now"),
  exportMismatches: (ids, fileName) => call("export_mismatches", { ids, fileName }),
  reconcileNow: () => call("reconcile_now"),
  onProgress(listener) {
    // `listen` resolves asynchronously; an unsubscribe that comes first must still detach.
    let unlisten: UnlistenFn | null = null;
    let stopped = false;
    listen<Progress>("progress", (event) => listener(event.payload)).then(
      (stop) => {
        if (stopped) stop();
        else unlisten = stop;
      },
      () => {
        // Outside the desktop shell there is no event bus: no progress, nothing to undo.
      },
    );
    return () => {
      stopped = true;
      unlisten?.();
    };
  },
};

//! `Backend` over Tauri's `invoke` and `listen`. The command wrappers are generated from the
//! shell's handlers (`commands.ts`); every rejection is normalised to an `IpcError`.

import { invoke, isTauri } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Backend } from "./backend";
import { toIpcError } from "./backend";
import { commandsOver } from "./commands";
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
  ...commandsOver(call),
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

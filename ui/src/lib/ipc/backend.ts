//! The one door from the UI to the desktop shell.
//!
//! Screens receive a `Backend` through React context (`BackendProvider`), so they run the same
//! against the Tauri shell (`tauri.ts`) or against a test double in the tests. Every method
//! rejects with an `IpcError` (`{code, message}`), never with a bare string or an Error object.

import type { ErrorCode, IpcError, Progress } from "./bindings";
import type { Commands } from "./commands";

/** The shell's commands (generated from its handlers: `commands.ts`) and its progress events. */
export interface Backend extends Commands {
  /** Listens to the "progress" event; returns the function that stops listening. */
  onProgress(listener: (progress: Progress) => void): () => void;
}

/** Every code the shell sends: a record, so the compiler refuses a code left out. */
const ERROR_CODES: Record<ErrorCode, true> = {
  not_configured: true,
  config_invalid: true,
  secret_missing: true,
  keychain_unavailable: true,
  credentials_rejected: true,
  unreachable: true,
  tls_failure: true,
  system_failed: true,
  busy: true,
  not_found: true,
  bad_input: true,
  internal: true,
};

const UNKNOWN_ERROR_MESSAGE =
  "Something went wrong inside Driftwatch. Try again; if it keeps happening, restart the app.";

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return (
    typeof candidate.code === "string" &&
    Object.hasOwn(ERROR_CODES, candidate.code) &&
    typeof candidate.message === "string"
  );
}

/**
 * Whatever a rejection carries, turn it into an `IpcError` a person can read. Anything that is
 * not the shape the shell promises (a bare string, a JS exception) becomes a generic message:
 * raw text from inside the app is not for the user's eyes.
 */
export function toIpcError(reason: unknown): IpcError {
  if (isIpcError(reason)) {
    const message = reason.message.trim();
    return { code: reason.code, message: message === "" ? UNKNOWN_ERROR_MESSAGE : message };
  }
  return { code: "internal", message: UNKNOWN_ERROR_MESSAGE };
}

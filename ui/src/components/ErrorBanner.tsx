//! A friendly error: a title from the error code, the shell's message (which says what to do
//! next), and "Try again" where trying again can help. Never a stack or a raw dump.

import type { ErrorCode, IpcError } from "../lib/ipc/bindings";

const TITLES: Record<ErrorCode, string> = {
  not_configured: "Driftwatch is not set up for this yet",
  config_invalid: "The configuration file cannot be used",
  busy: "Driftwatch is busy",
  secret_missing: "A password or key is missing",
  keychain_unavailable: "The keychain is not available",
  credentials_rejected: "The sign-in was refused",
  unreachable: "A system did not answer",
  tls_failure: "The secure connection failed",
  system_failed: "A system answered with an error",
  bad_input: "That did not work",
  not_found: "Not found",
  internal: "Something went wrong",
};

export function ErrorBanner({
  error,
  onRetry,
  onDismiss,
}: {
  error: IpcError;
  onRetry?: () => void;
  onDismiss?: () => void;
}) {
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner" data-code={error.code}>
      <div className="banner-text">
        <strong>{TITLES[error.code] ?? TITLES.internal}.</strong> {error.message}
      </div>
      <div className="banner-actions">
        {onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        )}
        {onDismiss && (
          <button type="button" className="button button-quiet" onClick={onDismiss} aria-label="Dismiss this message">
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}

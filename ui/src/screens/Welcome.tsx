//! The first screen when nothing is configured and there is no data yet.

import { useEffect, useRef } from "react";
import { useActivity } from "../app/activity";
import { ErrorBanner } from "../components/ErrorBanner";
import { ProgressBars } from "../components/ProgressBars";
import type { AppState } from "../lib/ipc/bindings";

export function Welcome({
  onReady,
  onConnect,
  autoStart = false,
  configProblem = null,
}: {
  onReady: (state: AppState) => void;
  onConnect: () => void;
  autoStart?: boolean;
  /** The configuration file exists but cannot be used: why. */
  configProblem?: string | null;
}) {
  const activity = useActivity();
  const preparing = activity.running === "demo";
  const started = useRef(false);

  async function startDemo() {
    started.current = true;
    const state = await activity.startDemo();
    if (state !== null) onReady(state);
  }

  // Started with --demo: press the button for the user, once.
  useEffect(() => {
    if (autoStart && !started.current) void startDemo();
  }, [autoStart]); // startDemo is a fresh closure each render; `started` keeps this to once


  return (
    <main className="welcome">
      <h1>Welcome to Driftwatch</h1>
      <p className="welcome-lead">
        Driftwatch compares your Magento store with your ERP (orders, stock per source and prices) and shows every
        difference that needs attention. It keeps each snapshot, so you can see when a difference first appeared and how
        long it has lasted.
      </p>
      {configProblem !== null && (
        <ErrorBanner
          error={{ code: "config_invalid", message: `${configProblem} Correct the file and restart Driftwatch; until then it is not used.` }}
        />
      )}
      <div className="welcome-choices">
        <button
          type="button"
          className="button button-primary button-big"
          data-testid="connect-button"
          disabled={activity.running !== null}
          onClick={onConnect}
        >
          Connect your systems
        </button>
        <button
          type="button"
          className="button button-big"
          data-testid="demo-button"
          disabled={activity.running !== null}
          onClick={() => void startDemo()}
        >
          {preparing ? "Preparing demo data…" : "Explore with demo data"}
        </button>
      </div>
      <p className="hint">
        The demo runs a simulated Magento store and ERP on this computer, with some differences put in on purpose. Nothing
        leaves your machine.
      </p>
      {activity.error !== null && activity.error.task === "demo" && (
        <ErrorBanner error={activity.error.error} onRetry={() => void startDemo()} onDismiss={activity.dismiss} />
      )}
      {preparing && <ProgressBars progress={activity.progress} erpName={null} />}
      <p className="welcome-config">
        Connecting asks for your shop's address and your ERP's company, and the keys Driftwatch signs in with. You can also
        write a configuration file as described in <code>docs/config.md</code> and restart Driftwatch.
      </p>
    </main>
  );
}

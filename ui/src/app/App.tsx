//! The window: the welcome screen until there is something to show, then a header, the
//! sidebar and one screen at a time.

import { useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import type { AppState, MismatchEntity, MismatchKind } from "../lib/ipc/bindings";
import { useBackend } from "../lib/ipc/context";
import { useLoad } from "../lib/useLoad";
import { DriftHistory } from "../screens/DriftHistory";
import { MismatchScreen } from "../screens/MismatchScreen";
import { Overview } from "../screens/Overview";
import { Snapshots } from "../screens/Snapshots";
import { Connect } from "../screens/Connect";
import { Connections } from "../screens/Connections";
import { Mapping } from "../screens/Mapping";
import { Welcome } from "../screens/Welcome";
import { useActivity } from "./activity";

type TableScreen = "orders" | "stock" | "prices";
type Screen = "overview" | TableScreen | "snapshots" | "mapping" | "connections";
type PlainScreen = "overview" | "snapshots" | "mapping" | "connections";

type Route =
  | { screen: PlainScreen }
  | { screen: TableScreen; kind?: MismatchKind; visit: number }
  | { screen: "drift"; sku: string; source: string };

const NAV: { screen: Screen; label: string }[] = [
  { screen: "overview", label: "Overview" },
  { screen: "orders", label: "Orders" },
  { screen: "stock", label: "Stock" },
  { screen: "prices", label: "Prices" },
  { screen: "snapshots", label: "Snapshots" },
  { screen: "mapping", label: "Mapping" },
  { screen: "connections", label: "Connections" },
];

/** Screens about one's own systems: not in the demo. */
const OWN_SYSTEMS: readonly Screen[] = ["mapping", "connections"];

const ENTITY_OF: Record<TableScreen, MismatchEntity> = { orders: "order", stock: "stock", prices: "price" };
const SCREEN_OF: Record<MismatchEntity, TableScreen> = { order: "orders", stock: "stock", price: "prices" };

function isTableScreen(screen: Route["screen"]): screen is TableScreen {
  return screen === "orders" || screen === "stock" || screen === "prices";
}

function routeTo(screen: Screen, visit: number, kind?: MismatchKind): Route {
  return isTableScreen(screen) ? { screen, kind, visit } : { screen: screen as PlainScreen };
}

/** The shell started with `--demo` (the README's demo command, the end-to-end tests). */
function demoRequested(state: AppState): boolean {
  return state.demo_requested;
}

export function App() {
  const backend = useBackend();
  const appState = useLoad(() => backend.appState(), [backend]);
  const [connecting, setConnecting] = useState(false);

  if (appState.data === null) {
    return (
      <main className="welcome">
        <h1>Driftwatch</h1>
        {appState.error !== null ? (
          <ErrorBanner error={appState.error} onRetry={appState.reload} />
        ) : (
          <p className="muted">Starting…</p>
        )}
      </main>
    );
  }
  const state = appState.data;
  if (connecting) {
    return (
      <Connect
        onBack={() => setConnecting(false)}
        onConnected={() => {
          setConnecting(false);
          appState.reload();
        }}
      />
    );
  }
  if (state.mode === "unconfigured" && !state.has_data) {
    return (
      <Welcome
        autoStart={demoRequested(state)}
        onReady={(next) => appState.setData(next)}
        onConnect={() => setConnecting(true)}
        configProblem={state.config_problem}
      />
    );
  }
  return <Shell state={state} />;
}

function Shell({ state }: { state: AppState }) {
  const activity = useActivity();
  const [route, setRoute] = useState<Route>({ screen: "overview" });
  const [visits, setVisits] = useState(0);
  const erpName = state.erp_name;
  const current: Screen = route.screen === "drift" ? "stock" : route.screen;

  function go(screen: Screen, kind?: MismatchKind) {
    const visit = visits + 1;
    setVisits(visit);
    setRoute(routeTo(screen, visit, kind));
  }

  function openMismatches(entity: MismatchEntity, kind?: MismatchKind) {
    go(SCREEN_OF[entity], kind);
  }

  const showTaskError = activity.error !== null && activity.error.task !== "demo";

  return (
    <div className="shell">
      <header className="app-header">
        <span className="brand">Driftwatch</span>
        {state.mode === "demo" && (
          <span className="demo-badge" data-testid="demo-badge" title="Simulated Magento and ERP on this computer">
            Demo data
          </span>
        )}
        <span className="systems">Magento ↔ {erpName ?? "ERP"}</span>
        {activity.running !== null && (
          <span className="running" role="status">
            {activity.running === "snapshot" ? "Taking a snapshot…" : activity.running === "reconcile" ? "Reconciling…" : "Preparing demo…"}
          </span>
        )}
      </header>

      <nav className="sidebar" aria-label="Main">
        <ul>
          {NAV.filter((item) => !OWN_SYSTEMS.includes(item.screen) || state.mode === "configured").map((item) => (
            <li key={item.screen}>
              <button
                type="button"
                className={`nav-item${current === item.screen ? " nav-item-current" : ""}`}
                data-testid={`nav-${item.screen}`}
                aria-current={current === item.screen ? "page" : undefined}
                onClick={() => go(item.screen)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
        {state.mode === "configured" && state.config_path !== null && (
          <p className="sidebar-note" title={state.config_path}>
            Settings: {state.config_path}
          </p>
        )}
      </nav>

      <main className="content">
        {showTaskError && activity.error !== null && (
          <ErrorBanner error={activity.error.error} onRetry={activity.retry} onDismiss={activity.dismiss} />
        )}
        {activity.outcome !== null && (
          <div className={`banner banner-${activity.outcome.tone}`} role="status">
            <div className="banner-text">{activity.outcome.text}</div>
            <div className="banner-actions">
              <button type="button" className="button button-quiet" onClick={activity.dismiss}>
                Dismiss
              </button>
            </div>
          </div>
        )}

        {route.screen === "overview" && <Overview erpName={erpName} onOpenMismatches={openMismatches} />}
        {isTableScreen(route.screen) && "visit" in route && (
          <MismatchScreen
            key={`${route.screen}-${route.visit}`}
            entity={ENTITY_OF[route.screen]}
            erpName={erpName}
            initialKind={route.kind}
            onShowDriftHistory={(sku, source) => setRoute({ screen: "drift", sku, source })}
          />
        )}
        {route.screen === "drift" && (
          <DriftHistory sku={route.sku} source={route.source} erpName={erpName} onBack={() => go("stock")} />
        )}
        {route.screen === "snapshots" && <Snapshots erpName={erpName} />}
        {route.screen === "mapping" && <Mapping erpName={erpName} />}
        {route.screen === "connections" && <Connections />}
      </main>
    </div>
  );
}

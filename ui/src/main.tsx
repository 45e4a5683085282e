import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ActivityProvider } from "./app/activity";
import { App } from "./app/App";
import { BackendProvider } from "./lib/ipc/context";
import { tauriBackend } from "./lib/ipc/tauri";
import { installPerfHook } from "./lib/perf";
import "./styles/app.css";

installPerfHook();

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root");

createRoot(root).render(
  <StrictMode>
    <BackendProvider backend={tauriBackend}>
      <ActivityProvider>
        <App />
      </ActivityProvider>
    </BackendProvider>
  </StrictMode>,
);

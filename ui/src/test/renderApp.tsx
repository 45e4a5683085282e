//! The whole app over a test double, as the window shows it.

import { render } from "@testing-library/react";
import { ActivityProvider } from "../app/activity";
import { App } from "../app/App";
import { BackendProvider } from "../lib/ipc/context";
import type { FakeBackend } from "./fakeBackend";

export function renderApp(backend: FakeBackend) {
  return render(
    <BackendProvider backend={backend}>
      <ActivityProvider>
        <App />
      </ActivityProvider>
    </BackendProvider>,
  );
}

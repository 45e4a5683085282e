import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { FakeBackend } from "../test/fakeBackend";
import { renderApp } from "../test/renderApp";

vi.mock("../components/Chart", () => ({
  Chart: ({ testId, label }: { testId: string; label: string }) => <div data-testid={testId} aria-label={label} />,
}));

afterEach(cleanup);

function configured(): FakeBackend {
  const backend = new FakeBackend();
  backend.state = { ...backend.state, mode: "configured", config_path: "/home/anna/.config/driftwatch/config.toml" };
  return backend;
}

describe("Connections", () => {
  test("a missing secret is entered, saved to the keychain, the field emptied; then removed", async () => {
    const backend = configured();
    renderApp(backend);
    fireEvent.click(await screen.findByTestId("nav-connections"));
    const state = await screen.findByTestId("secret-erp-client-secret-state");
    expect(state.textContent).toContain("Not saved");
    expect(screen.getByTestId("secret-magento-token-state").textContent).toContain("Saved in this computer's keychain");
    // The last test is shown without signing in again.
    expect(screen.getByTestId("last-test-magento").textContent).toContain("1180");
    expect(screen.getByTestId("connection-erp").textContent).toContain("Not tested yet");

    const save = screen.getByTestId("secret-erp-client-secret-save") as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByTestId("secret-erp-client-secret"), { target: { value: "s3cret" } });
    fireEvent.click(save);
    await waitFor(() => expect(screen.getByTestId("secret-erp-client-secret-state").textContent).toContain("Saved in this"));
    expect(backend.savedSecrets.get("erp/client-secret")).toBe("s3cret");
    expect((screen.getByTestId("secret-erp-client-secret") as HTMLInputElement).value).toBe("");

    fireEvent.click(screen.getByTestId("secret-erp-client-secret-delete"));
    expect(backend.callsOf("deleteSecret")).toHaveLength(0);
    fireEvent.click(screen.getByTestId("secret-erp-client-secret-delete-confirm"));
    await waitFor(() => expect(screen.getByTestId("secret-erp-client-secret-state").textContent).toContain("Not saved"));
    expect(backend.savedSecrets.has("erp/client-secret")).toBe(false);
  });

  test("Test connections shows what each connection sees or what is wrong", async () => {
    const backend = configured();
    backend.tests = [
      { id: "magento", name: "Magento", endpoint: "https://shop.example.com", report: { found: [{ label: "Orders", value: "1200" }], problem: null } },
      {
        id: "erp",
        name: "Business Central",
        endpoint: "https://api.businesscentral.dynamics.com",
        report: { found: [], problem: { code: "credentials_rejected", message: "Business Central refused the client secret." } },
      },
    ];
    renderApp(backend);
    fireEvent.click(await screen.findByTestId("nav-connections"));
    fireEvent.click(await screen.findByTestId("test-connections"));
    expect((await screen.findByTestId("test-erp-problem")).textContent).toContain("refused the client secret");
    expect(screen.getByTestId("test-magento").textContent).toContain("1200");
  });
});

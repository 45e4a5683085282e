import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { FakeBackend } from "../test/fakeBackend";
import { renderApp } from "../test/renderApp";

vi.mock("../components/Chart", () => ({
  Chart: ({ testId, label }: { testId: string; label: string }) => <div data-testid={testId} aria-label={label} />,
}));

afterEach(cleanup);


function unconfigured(): FakeBackend {
  const backend = new FakeBackend();
  backend.state = { mode: "unconfigured", config_path: null, data_dir: "/tmp/dw", erp_name: null, has_data: false, config_problem: null, demo_requested: false };
  return backend;
}

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe("Connect", () => {
  test("the forms come from the connectors; what was typed is sent once and the fields are emptied", async () => {
    const backend = unconfigured();
    backend.tests = [
      { id: "magento", name: "Magento", endpoint: "https://shop.example", report: { found: [{ label: "Orders", value: "1200" }], problem: null } },
      {
        id: "erp",
        name: "Business Central",
        endpoint: "https://api.example",
        report: { found: [], problem: { code: "wrong_company", message: "Company x is not in this environment." } },
      },
    ];
    renderApp(backend);
    fireEvent.click(await screen.findByTestId("connect-button"));

    await screen.findByTestId("magento-base-url");
    type("magento-base-url", "https://shop.example");
    fireEvent.click(screen.getByTestId("magento-auth-integration-token"));
    // Only the chosen method's secrets are asked for.
    expect(screen.queryByTestId("magento-secret-consumer-key")).toBeNull();
    type("magento-secret-token", "tok-123");
    type("erp-setting-tenant", "contoso");
    type("erp-secret-client-secret", "s3cret");
    fireEvent.click(screen.getByTestId("erp-setting-extension"));
    fireEvent.click(screen.getByTestId("connect-save"));

    await screen.findByTestId("connect-results");
    expect(backend.callsOf("connectSystems")).toEqual([
      [
        {
          magento: { base_url: "https://shop.example", store_code: "all", auth: "integration-token", admin_username: "", secrets: { token: "tok-123" } },
          counterpart: { kind: "business-central", settings: { tenant: "contoso", extension: "false" }, secrets: { "client-secret": "s3cret" } },
        },
      ],
    ]);
    expect((screen.getByTestId("magento-secret-token") as HTMLInputElement).value).toBe("");
    expect(screen.getByTestId("test-magento").textContent).toContain("1200");
    expect(screen.getByTestId("test-erp-problem").textContent).toBe("Company x is not in this environment.");
    expect(screen.getByTestId("connect-continue").textContent).toBe("Continue anyway");

    fireEvent.click(screen.getByText("Test again"));
    await waitFor(() => expect(backend.callsOf("testConnections")).toHaveLength(1));
  });

  test("a refused form shows the reason and keeps what was typed", async () => {
    const backend = unconfigured();
    backend.failNext.connectSystems = { code: "bad_input", message: "Enter the Client secret of connection `erp`." };
    renderApp(backend);
    fireEvent.click(await screen.findByTestId("connect-button"));
    await screen.findByTestId("magento-base-url");
    type("magento-base-url", "https://shop.example");
    type("erp-setting-tenant", "contoso");
    fireEvent.click(screen.getByTestId("connect-save"));
    const banner = await screen.findByTestId("error-banner");
    expect(banner.textContent).toContain("Enter the Client secret");
    expect((screen.getByTestId("magento-base-url") as HTMLInputElement).value).toBe("https://shop.example");
  });
});

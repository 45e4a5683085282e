import { beforeEach, describe, expect, test, vi } from "vitest";

const invoke = vi.fn();
const unlisten = vi.fn();
let progressHandler: ((event: { payload: unknown }) => void) | null = null;
const listen = vi.fn(async (_name: string, handler: (event: { payload: unknown }) => void) => {
  progressHandler = handler;
  return unlisten;
});

let inApp = true;
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args), isTauri: () => inApp }));
vi.mock("@tauri-apps/api/event", () => ({ listen: (...args: Parameters<typeof listen>) => listen(...args) }));

const { tauriBackend } = await import("./tauri");
import type { RulesForm } from "./bindings";

beforeEach(() => {
  inApp = true;
  invoke.mockReset();
  unlisten.mockReset();
  listen.mockClear();
  progressHandler = null;
});

describe("tauriBackend", () => {
  test("calls each command by its name with the shell's argument names", async () => {
    invoke.mockResolvedValue("ok");
    const query = { entity: "stock" as const, kind: null, state: "open" as const, limit: null };
    const request = {
      magento: { base_url: "https://shop.example", store_code: "all", auth: "oauth1" as const, admin_username: "", secrets: {} },
      counterpart: { kind: "business-central", settings: { tenant: "t" }, secrets: { "client-secret": "s" } },
    };
    await tauriBackend.appState();
    await tauriBackend.startDemo();
    await tauriBackend.connectForms();
    await tauriBackend.connectSystems(request);
    await tauriBackend.testConnections();
    await tauriBackend.connections();
    await tauriBackend.saveSecret("erp", "client-secret", "s");
    await tauriBackend.deleteSecret("erp", "client-secret");
    await tauriBackend.rulesDocument();
    await tauriBackend.mappingChoices();
    const form = { sources: [{ magento: "default", erp: "MAIN" }] } as unknown as RulesForm;
    await tauriBackend.saveRules("v1", form);
    await tauriBackend.overview();
    await tauriBackend.mismatches(query);
    await tauriBackend.mismatchDetail(7);
    await tauriBackend.decideMismatch(7, "ignored", "seasonal item");
    await tauriBackend.stockHistory("SKU-1", "WH-A");
    await tauriBackend.snapshotRuns(50);
    await tauriBackend.snapshotNow();
    await tauriBackend.reconcileNow();
    await tauriBackend.exportMismatches([3, 1], "driftwatch-stock.csv");
    expect(invoke.mock.calls).toEqual([
      ["app_state", undefined],
      ["start_demo", undefined],
      ["connect_forms", undefined],
      ["connect_systems", { request }],
      ["test_connections", undefined],
      ["connections", undefined],
      ["save_secret", { connection: "erp", secret: "client-secret", value: "s" }],
      ["delete_secret", { connection: "erp", secret: "client-secret" }],
      ["rules_document", undefined],
      ["mapping_choices", undefined],
      ["save_rules", { version: "v1", form }],
      ["overview", undefined],
      ["mismatches", { query }],
      ["mismatch_detail", { id: 7 }],
      ["decide_mismatch", { id: 7, decision: "ignored", note: "seasonal item" }],
      ["stock_history", { sku: "SKU-1", source: "WH-A" }],
      ["snapshot_runs", { limit: 50 }],
      ["snapshot_now", undefined],
      ["reconcile_now", undefined],
      ["export_mismatches", { ids: [3, 1], fileName: "driftwatch-stock.csv" }],
    ]);
  });

  test("rejections become IpcError; anything else becomes a generic message", async () => {
    invoke.mockRejectedValueOnce({ code: "credentials_rejected", message: "Magento rejected the token." });
    await expect(tauriBackend.overview()).rejects.toEqual({ code: "credentials_rejected", message: "Magento rejected the token." });
    invoke.mockRejectedValueOnce("panicked at src/lib.rs:12");
    await expect(tauriBackend.overview()).rejects.toEqual({
      code: "internal",
      message: "Something went wrong inside Driftwatch. Try again; if it keeps happening, restart the app.",
    });
    invoke.mockRejectedValueOnce({ code: "teapot", message: "short and stout" });
    await expect(tauriBackend.overview()).rejects.toMatchObject({ code: "internal" });
  });

  test("outside the desktop app, says so instead of calling", async () => {
    inApp = false;
    await expect(tauriBackend.appState()).rejects.toEqual({
      code: "internal",
      message: "This page only works inside the Driftwatch app. Open Driftwatch from its launcher instead of a web browser.",
    });
    expect(invoke).not.toHaveBeenCalled();
  });

  test("progress events reach the listener until it unsubscribes", async () => {
    const seen: unknown[] = [];
    const stop = tauriBackend.onProgress((progress) => seen.push(progress));
    await vi.waitFor(() => expect(progressHandler).not.toBeNull());
    expect(listen.mock.calls[0]?.[0]).toBe("progress");
    progressHandler!({ payload: { task: "snapshot", done: 1 } });
    expect(seen).toEqual([{ task: "snapshot", done: 1 }]);
    stop();
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  test("unsubscribing before listen resolves still detaches", async () => {
    const stop = tauriBackend.onProgress(() => {});
    stop();
    await vi.waitFor(() => expect(unlisten).toHaveBeenCalledTimes(1));
  });
});

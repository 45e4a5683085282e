import { useActivity } from "../app/activity";

/** "Snapshot now": reads every entity from both systems, then reconciles; off while busy. */
export function SnapshotNowButton() {
  const activity = useActivity();
  const busy = activity.running !== null;
  return (
    <button
      type="button"
      className="button button-primary"
      data-testid="snapshot-now"
      disabled={busy}
      aria-busy={activity.running === "snapshot"}
      onClick={() => void activity.snapshotNow()}
      title="Read orders, stock and prices from Magento and the ERP, then reconcile"
    >
      {activity.running === "snapshot" ? "Taking snapshot…" : busy ? "Busy…" : "Snapshot now"}
    </button>
  );
}

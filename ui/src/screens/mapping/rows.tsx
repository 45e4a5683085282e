//! The pieces every editable table of the mapping screen shares.

/** The header of the column that holds each row's Remove button. */
export function RemoveHeader() {
  return (
    <th scope="col">
      <span className="visually-hidden">Remove</span>
    </th>
  );
}

/** A cell with a button that removes its row. */
export function RemoveCell({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <td>
      <button type="button" className="button button-quiet" aria-label={label} onClick={onRemove}>
        Remove
      </button>
    </td>
  );
}

/** `rows` without the one at `index`. */
export function without<T>(rows: readonly T[], index: number): T[] {
  return rows.filter((_, i) => i !== index);
}

//! When a difference counts: which orders must reach the ERP and when, how far totals, stock
//! and prices may differ, and which ERP states agree with each Magento status.

import type { CanonicalStatus, FieldProblem, RulesForm, StatusRow, ToleranceForm } from "../../lib/ipc/bindings";
import { FieldMessages } from "./problems";
import { RemoveCell, RemoveHeader, without } from "./rows";

const MAGENTO_STATES = ["new", "pending_payment", "payment_review", "processing", "complete", "closed", "canceled", "holded"];
const ERP_STATES: CanonicalStatus[] = ["open", "invoiced", "shipped", "complete", "canceled", "refunded"];

type Props = {
  form: RulesForm;
  erpName: string;
  availableOffered: boolean;
  problems: readonly FieldProblem[];
  onChange: (form: RulesForm) => void;
};

export function Rules({ form, erpName, availableOffered, problems, onChange }: Props) {
  const orders = form.orders;
  const setOrders = (change: Partial<RulesForm["orders"]>) => onChange({ ...form, orders: { ...orders, ...change } });
  const setStatuses = (statuses: StatusRow[]) => setOrders({ statuses });

  return (
    <>
      <section className="mapping-section" aria-labelledby="rules-orders">
        <h2 id="rules-orders">Orders</h2>
        <fieldset className="checks">
          <legend>Orders in these Magento states must reach {erpName}</legend>
          {MAGENTO_STATES.map((state) => (
            <label key={state} className="check">
              <input
                type="checkbox"
                data-testid={`eligible-${state}`}
                checked={orders.eligible_states.includes(state)}
                onChange={(e) =>
                  setOrders({
                    eligible_states: e.target.checked
                      ? [...orders.eligible_states, state]
                      : orders.eligible_states.filter((s) => s !== state),
                  })
                }
              />
              {state.replace("_", " ")}
            </label>
          ))}
          <FieldMessages problems={problems} field="orders.eligible_states" />
        </fieldset>
        <NumberField
          id="orders.grace_minutes"
          label="Grace period (minutes)"
          help={`An order younger than this is still on its way to ${erpName}, not missing.`}
          value={orders.grace_minutes}
          problems={problems}
          onChange={(grace_minutes) => setOrders({ grace_minutes })}
        />
        <Tolerance
          id="orders.total_tolerance"
          label="Order totals may differ by"
          value={orders.total_tolerance}
          problems={problems}
          onChange={(total_tolerance) => setOrders({ total_tolerance })}
        />
        <div className="field">
          <label className="field-label" htmlFor="orders.strip_prefix">
            Order number prefix to ignore
          </label>
          <input
            id="orders.strip_prefix"
            type="text"
            value={orders.strip_prefix}
            onChange={(e) => setOrders({ strip_prefix: e.target.value })}
          />
          <p className="hint">For example WEB- when {erpName} keeps WEB-000000042 for Magento's 000000042.</p>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={orders.strip_leading_zeros}
            onChange={(e) => setOrders({ strip_leading_zeros: e.target.checked })}
          />
          Ignore leading zeros in order numbers (000000042 = 42)
        </label>

        <h3>Which {erpName} states agree with each Magento status</h3>
        <div className="table-scroll">
          <table className="data-table" data-testid="statuses-table">
            <thead>
              <tr>
                <th scope="col">Magento status</th>
                {ERP_STATES.map((s) => (
                  <th scope="col" key={s}>
                    {s}
                  </th>
                ))}
                <RemoveHeader />
              </tr>
            </thead>
            <tbody>
              {orders.statuses.map((row, index) => (
                <tr key={index}>
                  <th scope="row">
                    <input
                      aria-label={`Magento status of row ${index + 1}`}
                      value={row.status}
                      onChange={(e) => setStatuses(orders.statuses.map((r, i) => (i === index ? { ...r, status: e.target.value } : r)))}
                    />
                    <FieldMessages problems={problems} field={`orders.statuses.${index}`} />
                  </th>
                  {ERP_STATES.map((state) => (
                    <td key={state}>
                      <input
                        type="checkbox"
                        aria-label={`${row.status || "this status"} agrees with ${state}`}
                        checked={row.erp_states.includes(state)}
                        onChange={(e) =>
                          setStatuses(
                            orders.statuses.map((r, i) =>
                              i === index
                                ? {
                                    ...r,
                                    erp_states: e.target.checked ? [...r.erp_states, state] : r.erp_states.filter((s) => s !== state),
                                  }
                                : r,
                            ),
                          )
                        }
                      />
                    </td>
                  ))}
                  <RemoveCell
                    label={`Remove ${row.status || `status row ${index + 1}`}`}
                    onRemove={() => setStatuses(without(orders.statuses, index))}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="button" onClick={() => setStatuses([...orders.statuses, { status: "", erp_states: [] }])}>
          Add a status
        </button>
        <p className="hint">A status without a row is not compared.</p>
      </section>

      <section className="mapping-section" aria-labelledby="rules-stock">
        <h2 id="rules-stock">Stock</h2>
        <fieldset className="checks">
          <legend>Compare Magento's quantity with {erpName}'s</legend>
          <label className="check">
            <input
              type="radio"
              name="erp_quantity"
              checked={form.stock.erp_quantity === "on-hand"}
              onChange={() => onChange({ ...form, stock: { ...form.stock, erp_quantity: "on-hand" } })}
            />
            quantity on hand
          </label>
          <label className="check">
            <input
              type="radio"
              name="erp_quantity"
              disabled={!availableOffered && form.stock.erp_quantity !== "available"}
              checked={form.stock.erp_quantity === "available"}
              onChange={() => onChange({ ...form, stock: { ...form.stock, erp_quantity: "available" } })}
            />
            quantity available (on hand less reserved)
            {!availableOffered && <span className="muted"> — {erpName} does not report it</span>}
          </label>
          <FieldMessages problems={problems} field="stock.erp_quantity" />
        </fieldset>
        <Tolerance
          id="stock.qty_tolerance"
          label="Quantities may differ by"
          value={form.stock.qty_tolerance}
          problems={problems}
          onChange={(qty_tolerance) => onChange({ ...form, stock: { ...form.stock, qty_tolerance } })}
        />
      </section>

      <section className="mapping-section" aria-labelledby="rules-prices">
        <h2 id="rules-prices">Prices</h2>
        <Tolerance
          id="prices.price_tolerance"
          label="Prices may differ by"
          value={form.prices.price_tolerance}
          problems={problems}
          onChange={(price_tolerance) => onChange({ ...form, prices: { price_tolerance } })}
        />
      </section>
    </>
  );
}

function NumberField({
  id,
  label,
  help,
  value,
  problems,
  onChange,
}: {
  id: string;
  label: string;
  help?: string;
  value: string;
  problems: readonly FieldProblem[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} data-testid={id} type="text" inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} />
      {help !== undefined && <p className="hint">{help}</p>}
      <FieldMessages problems={problems} field={id} />
    </div>
  );
}

function Tolerance({
  id,
  label,
  value,
  problems,
  onChange,
}: {
  id: string;
  label: string;
  value: ToleranceForm;
  problems: readonly FieldProblem[];
  onChange: (value: ToleranceForm) => void;
}) {
  return (
    <fieldset className="tolerance">
      <legend>{label}</legend>
      <label>
        <input
          data-testid={`${id}.absolute`}
          type="text"
          inputMode="decimal"
          value={value.absolute}
          onChange={(e) => onChange({ ...value, absolute: e.target.value })}
        />{" "}
        (amount)
      </label>{" "}
      or{" "}
      <label>
        <input
          data-testid={`${id}.percent`}
          type="text"
          inputMode="decimal"
          value={value.percent}
          onChange={(e) => onChange({ ...value, percent: e.target.value })}
        />{" "}
        %
      </label>
      <p className="hint">Whichever is wider. 0 and 0 means exactly equal.</p>
      <FieldMessages problems={problems} field={id} />
    </fieldset>
  );
}

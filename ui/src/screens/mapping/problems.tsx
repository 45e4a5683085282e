//! Messages from a refused save, shown beside the field they are about.

import type { FieldProblem } from "../../lib/ipc/bindings";

/** The messages about `field` and everything inside it (`sources.2` covers `sources.2.erp`). */
export function messagesFor(problems: readonly FieldProblem[], field: string): string[] {
  return problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`)).map((p) => p.message);
}

export function FieldMessages({ problems, field }: { problems: readonly FieldProblem[]; field: string }) {
  const messages = messagesFor(problems, field);
  if (messages.length === 0) return null;
  return (
    <ul className="field-problems" data-testid={`problem-${field}`}>
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

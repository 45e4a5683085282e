//! What Test connection found on one connection, or what stopped it, in words.

import type { ConnectionTest } from "../lib/ipc/bindings";

export function TestResult({ test }: { test: ConnectionTest }) {
  const problem = test.report.problem;
  return (
    <article className={`test-result ${problem === null ? "test-passed" : "test-failed"}`} data-testid={`test-${test.id}`}>
      <h3>
        {problem === null ? "✓" : "✗"} {test.name}
      </h3>
      <p className="muted">{test.endpoint}</p>
      {test.report.found.length > 0 && (
        <dl className="test-found">
          {test.report.found.map((found) => (
            <div key={found.label}>
              <dt>{found.label}</dt>
              <dd>{found.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {problem !== null && (
        <p className="test-problem" role="alert" data-testid={`test-${test.id}-problem`}>
          {problem.message}
        </p>
      )}
    </article>
  );
}

//! An ECharts chart in a div. Created in a layout effect so that "overview-ready" is measured
//! after the charts have drawn; resized with its box; disposed on unmount.

import { useLayoutEffect, useRef } from "react";
import { echarts, type ChartOption } from "../lib/charts";

export function Chart({ option, testId, label }: { option: ChartOption; testId: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useLayoutEffect(() => {
    const element = box.current;
    if (element === null) return;
    const instance = echarts.init(element, null, { renderer: "canvas" });
    chart.current = instance;
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useLayoutEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="chart" data-testid={testId} role="img" aria-label={label} />;
}

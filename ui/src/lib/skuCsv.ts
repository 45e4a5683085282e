//! Reading a SKU mapping from a CSV file (a spreadsheet export): two columns, Magento SKU then
//! the ERP's item number, with or without a header row; comma, semicolon or tab separated;
//! quoted cells as spreadsheets write them.

import type { Link } from "./ipc/bindings";

export type SkuImport = {
  links: Link[];
  /** Lines that could not be read, with why, numbered as in the file. */
  skipped: { line: number; reason: string }[];
};

export function parseSkuCsv(text: string): SkuImport {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const separator = detectSeparator(lines.find((l) => l.trim() !== "") ?? "");
  const links: Link[] = [];
  const skipped: SkuImport["skipped"] = [];
  lines.forEach((raw, index) => {
    if (raw.trim() === "") return;
    const cells = splitCells(raw, separator).map((c) => c.trim());
    const [magento = "", erp = ""] = cells;
    const line = index + 1;
    if (links.length === 0 && skipped.length === 0 && looksLikeHeader(magento, erp)) return;
    if (magento === "" || erp === "") {
      skipped.push({ line, reason: "needs a Magento SKU and an item number" });
      return;
    }
    if (cells.slice(2).some((c) => c !== "")) {
      skipped.push({ line, reason: "has more than two columns" });
      return;
    }
    links.push({ magento, erp });
  });
  return { links, skipped };
}

/** Rows from an import replace rows for the same SKU; the others are added after. */
export function mergeLinks(current: readonly Link[], imported: readonly Link[]): { links: Link[]; replaced: number } {
  const byMagento = new Map(imported.map((l) => [l.magento, l] as const));
  let replaced = 0;
  const links = current.map((l) => {
    const next = byMagento.get(l.magento);
    if (next === undefined) return l;
    byMagento.delete(l.magento);
    if (next.erp !== l.erp) replaced += 1;
    return next;
  });
  return { links: [...links, ...byMagento.values()], replaced };
}

function detectSeparator(line: string): string {
  const counts = [",", ";", "\t"].map((s) => [s, line.split(s).length] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

function looksLikeHeader(first: string, second: string): boolean {
  const words = /sku|item|number|magento|erp|code|product/i;
  return words.test(first) && words.test(second) && !/\d/.test(first + second);
}

function splitCells(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === separator) {
      cells.push(cell);
      cell = "";
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

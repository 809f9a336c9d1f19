// Render a CSL-JSON file with citeproc-js and report timings as one JSON line.
//
// Usage: node render.mjs ITEMS.json STYLE.csl LOCALE.xml [OUT.txt]
//
// Used by benchmarks/render.py; not part of mi-refs. Times are measured inside node with
// performance.now(): "render" runs from reading the CSL-JSON file to the last rendered
// string (JSON parse, engine construction, updateItems, makeBibliography); the module
// import is reported separately. Nothing here touches the network.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const [itemsPath, stylePath, localePath, outPath] = process.argv.slice(2);
if (!itemsPath || !stylePath || !localePath) {
  process.stderr.write("usage: node render.mjs ITEMS.json STYLE.csl LOCALE.xml [OUT.txt]\n");
  process.exit(2);
}

const tImport0 = performance.now();
const CSL = require("citeproc");
const tImport1 = performance.now();

const style = readFileSync(stylePath, "utf8");
const locale = readFileSync(localePath, "utf8");

const t0 = performance.now();
const items = JSON.parse(readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((item) => [item.id, item]));
const t1 = performance.now();

const sys = {
  // Only en-US is shipped with the benchmark; citeproc-js falls back to it for "en".
  retrieveLocale: (lang) => (lang === "en-US" || lang === "en" ? locale : false),
  retrieveItem: (id) => byId.get(id),
};
const engine = new CSL.Engine(sys, style, "en-US");
engine.setOutputFormat("text");
const t2 = performance.now();

engine.updateItems(items.map((item) => item.id));
const t3 = performance.now();

const [, entries] = engine.makeBibliography();
const lines = entries.map((entry) => entry.replace(/\s+$/u, ""));
const t4 = performance.now();

if (outPath) {
  writeFileSync(outPath, lines.join("\n") + "\n", "utf8");
}

const seconds = (ms) => ms / 1000;

// VmHWM belongs to node's own address space; resourceUsage().maxRSS would also count the
// forked harness process before exec.
function peakRssMib() {
  try {
    const match = /^VmHWM:\s+(\d+) kB/mu.exec(readFileSync("/proc/self/status", "ascii"));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
process.stdout.write(
  JSON.stringify({
    status: "ok",
    version: require("citeproc/package.json").version,
    entries: lines.length,
    first: lines[0] ?? "",
    peak_rss_mib: peakRssMib(),
    phases: {
      import: seconds(tImport1 - tImport0),
      read_json: seconds(t1 - t0),
      engine: seconds(t2 - t1),
      update_items: seconds(t3 - t2),
      make_bibliography: seconds(t4 - t3),
      render: seconds(t4 - t0),
    },
  }) + "\n",
);

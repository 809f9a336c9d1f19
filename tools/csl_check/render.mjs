// Render CSL-JSON items to plain-text bibliography entries with citeproc-js.
//
// Input (stdin, JSON): {"style": "<path to .csl>", "locale": "<path to locales-en-US.xml>",
//                        "items": [<CSL-JSON item>, ...],
//                        "et_al_min": <int|null>, "et_al_use_first": <int|null>}
// Output (stdout, JSON): ["entry 1 without its number", "entry 2 ...", ...] in item order.
import { readFileSync } from "node:fs";
import CSL from "citeproc";

const request = JSON.parse(readFileSync(0, "utf8"));
let style = readFileSync(request.style, "utf8");
const locale = readFileSync(request.locale, "utf8");

// House options that change name truncation: patch the <bibliography> element only.
function setBibAttr(xml, name, value) {
  return xml.replace(/<bibliography\b[^>]*>/, (tag) =>
    new RegExp(`\\b${name}="[^"]*"`).test(tag)
      ? tag.replace(new RegExp(`\\b${name}="[^"]*"`), `${name}="${value}"`)
      : tag.replace(/>$/, ` ${name}="${value}">`),
  );
}
if (request.et_al_min != null) style = setBibAttr(style, "et-al-min", request.et_al_min);
if (request.et_al_use_first != null) style = setBibAttr(style, "et-al-use-first", request.et_al_use_first);

const items = Object.fromEntries(request.items.map((item) => [item.id, item]));
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => items[id],
};
const engine = new CSL.Engine(sys, style, "en-US", true);
engine.setOutputFormat("text");
const ids = request.items.map((item) => item.id);
engine.updateItems(ids);
const [meta, entries] = engine.makeBibliography();
const byId = Object.fromEntries(meta.entry_ids.map((entryIds, i) => [entryIds[0], entries[i]]));
const out = ids.map((id) =>
  (byId[id] ?? "").replace(/\s+/g, " ").trim().replace(/^\d+\.\s*/, ""),
);
process.stdout.write(JSON.stringify(out));

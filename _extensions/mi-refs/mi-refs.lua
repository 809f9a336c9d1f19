-- mi-refs: AMA citation numbering for Quarto and pandoc (issue 20 of mi-refs).
--
-- A shim: the document goes as pandoc's JSON through the `mi-refs-pandoc` filter (the
-- console script pip installs with mi-refs) and comes back cited. Use it as a Quarto
-- extension (`filters: [mi-refs]`) or with pandoc (`--lua-filter mi-refs.lua`).
-- MI_REFS_PANDOC names another command (a path to the script, say).
-- What the filter says (warnings, undefined keys) goes to standard error; when it fails,
-- the render stops with its message.

local command = os.getenv("MI_REFS_PANDOC") or "mi-refs-pandoc"

function Pandoc(doc)
  local ok, result = pcall(pandoc.pipe, command, { FORMAT }, pandoc.write(doc, "json"))
  if not ok then
    error("mi-refs: " .. command .. " failed (is mi-refs installed? pip install mi-refs): "
      .. tostring(result), 0)
  end
  return pandoc.read(result, "json")
end

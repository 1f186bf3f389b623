-- The HTML report on a small screen: a table, or a figure, wider than the
-- screen scrolls sideways inside itself rather than squeezing its words
-- until they break mid-way or its chart's text shrinks to a few pixels.
-- Each such region is named and can take the keyboard's focus, so it can be
-- scrolled without a mouse. A chart carries its drawn width (--natural), so
-- that report.css never shows it at less than 80% of it: its smallest text,
-- 9pt as drawn, stays above 9 pixels.
function Table(t)
  local caption = pandoc.utils.stringify(t.caption.long)
  return pandoc.Div({t}, pandoc.Attr("", {"table-scroll"}, {
    {"role", "region"}, {"tabindex", "0"},
    {"aria-label", caption ~= "" and caption or "Table"}}))
end

local function drawn_width(src)
  local ok, _, contents = pcall(pandoc.mediabag.fetch, src)
  if not ok or not contents then return nil end
  local width = contents:match('<svg[^>]-%swidth="([%d.]+)pt"')
  return width and math.floor(tonumber(width) * 4 / 3 + 0.5) or nil
end

function Figure(f)
  f.attributes["tabindex"] = "0"
  return f:walk({
    Image = function(img)
      local width = drawn_width(img.src)
      if width then img.attributes["style"] = "--natural: " .. width .. "px" end
      return img
    end
  })
end

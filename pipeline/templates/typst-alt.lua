-- Pandoc's typst writer drops an image's alt text; PDF/UA needs it on every
-- figure, so images are written as typst calls carrying `alt:`.
local function typst_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

function Image(img)
  local alt = img.attributes.alt or pandoc.utils.stringify(img.caption)
  return pandoc.RawInline('typst',
    '#image(' .. typst_string(img.src) .. ', alt: ' .. typst_string(alt) .. ', width: 100%)')
end

-- A short table is kept on one page: a table of a dozen rows split two and
-- ten read as two tables (a reviewer's PDF). A long one still breaks, its
-- caption kept with its first rows (report.typ).
local KEEP_WHOLE = 15

function Table(tbl)
  local rows = 0
  for _, body in ipairs(tbl.bodies) do
    rows = rows + #body.body
  end
  if rows > KEEP_WHOLE then
    return nil
  end
  return {
    pandoc.RawBlock('typst', '#block(breakable: false)['),
    tbl,
    pandoc.RawBlock('typst', ']'),
  }
end

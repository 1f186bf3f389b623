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

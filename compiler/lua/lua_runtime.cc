// The Lua runtime every generated dissector starts with: bounds-checked
// reads that add tree items, the custom wire types of the bundled specs,
// and the error values the dissector turns into expert info. It is plain
// Lua 5.2 over Wireshark's API (4.0), emitted verbatim (no spec text is
// substituted into it).
#include "lua/lua_internal.h"

namespace mplc::lua {

const char* const kLuaRuntime = R"lua(-- ---------------------------------------------------------------- runtime
-- c is a cursor: c.tvb, c.off (next byte), c.limit (end of the innermost
-- region), c.base0 (first byte of the whole message: DNS compression
-- pointers count from it), c.depth (embedding depth).
local R = {}

-- Every failure is an error value, caught by the top-level dissector.
-- kind is the C++ runtime's error kind (truncated, const_mismatch, ...).
function R.fail(c, kind, field, message)
  error({ mpl = true, kind = kind, field = field, offset = c.off - c.base0, message = message }, 0)
end

function R.need(c, n, field)
  if n < 0 then R.fail(c, "bad_length", field, "negative length " .. n) end
  if c.off + n > c.limit then
    R.fail(c, "truncated", field, string.format("needs %d bytes, %d left", n, c.limit - c.off))
  end
end

local function add(t, pf, range, le)
  if t == nil then return nil end
  if le then return t:add_le(pf, range) end
  return t:add(pf, range)
end

-- An unsigned integer of n bytes (1, 2, 4 or 8). 64-bit values are Lua
-- numbers for expressions (exact below 2^53); the tree shows the exact value.
function R.uint(c, t, pf, n, le, field)
  R.need(c, n, field)
  local range = c.tvb:range(c.off, n)
  local value
  if n == 8 then
    value = (le and range:le_uint64() or range:uint64()):tonumber()
  else
    value = le and range:le_uint() or range:uint()
  end
  c.off = c.off + n
  return value, add(t, pf, range, le)
end

-- A run of bit fields is read once, MSB first; each field is a slice of it,
-- shown through its ProtoField's bitmask.
function R.run(c, n, field)
  R.need(c, n, field)
  c.run = c.tvb:range(c.off, n):uint64()
  c.run_range = c.tvb:range(c.off, n)
  c.off = c.off + n
end

function R.bits(c, t, pf, shift, mask_lo, mask_hi, explicit)
  local exact = c.run:rshift(shift):band(UInt64.new(mask_lo, mask_hi))
  local item = nil
  if t ~= nil and explicit then
    item = t:add(pf, c.run_range, exact)
  elseif t ~= nil then
    item = t:add(pf, c.run_range)
  end
  return exact:tonumber(), item
end

-- n bytes, kept as a Lua string for expressions and classify matches.
function R.bytes(c, t, pf, n, field)
  R.need(c, n, field)
  local range = c.tvb:range(c.off, n)
  c.off = c.off + n
  if t ~= nil then t:add(pf, range) end
  return range:raw()
end

-- Labels of the ranges of a variant (value strings hold single values).
function R.ranges(item, value, ranges)
  if item == nil then return end
  for _, r in ipairs(ranges) do
    if value >= r[1] and value <= r[2] then item:append_text(" (" .. r[3] .. ")") return end
  end
end

function R.check(c, ok, kind, field, message)
  if not ok then R.fail(c, kind, field, message) end
end

function R.div(c, a, b, field)
  if b == 0 then R.fail(c, "division_by_zero", field, "division by zero") end
  local q = a / b
  if q >= 0 then return math.floor(q) end
  return math.ceil(q)
end

-- A subtree (array, element, embedded packet, classify case) that starts
-- here; R.close gives it its length once its contents are read.
function R.node(c, t, pf, value)
  if t == nil then return nil end
  local range = c.tvb:range(c.off, 0)
  if value ~= nil then return t:add(pf, range, value) end
  return t:add(pf, range)
end

function R.element(c, t, i)
  if t == nil then return nil end
  return t:add(c.tvb:range(c.off, 0), "[" .. i .. "]")
end

function R.close(c, item, start)
  if item ~= nil then item:set_len(c.off - start) end
end

-- Arrays: an element that reads nothing cannot repeat without bound.
function R.progress(c, start, i, field)
  if c.off == start and i >= 65535 then
    R.fail(c, "limit_exceeded", field, "more than 65535 elements of no bytes")
  end
end

function R.enter(c, field)
  c.depth = c.depth + 1
  if c.depth > 64 then R.fail(c, "limit_exceeded", field, "packets embedded more than 64 deep") end
end

-- ------------------------------------------------ custom wire types
-- Each reads one value at c.off and returns its text, the form mpldump's
-- JSON gives. Keyed by the C++ type the spec's `custom` names.

-- RFC 1035 section 4.1.4; text with section 5.1 escapes.
local function dns_name(c, t, pf, field, compressed)
  local pos, wire_end, hops, text_parts, total = c.off, nil, 0, {}, 0
  local message_end = c.tvb:len()
  while true do
    if pos >= message_end or (wire_end == nil and pos >= c.limit) then
      R.fail(c, "truncated", field, "name runs past the data")
    end
    local len = c.tvb:range(pos, 1):uint()
    if len >= 0xC0 then
      if not compressed then R.fail(c, "custom_invalid", field, "compression pointer where RFC 3597 forbids one") end
      if pos + 2 > message_end or (wire_end == nil and pos + 2 > c.limit) then
        R.fail(c, "truncated", field, "name runs past the data")
      end
      local target = c.base0 + bit32.band(c.tvb:range(pos, 2):uint(), 0x3FFF)
      if wire_end == nil then wire_end = pos + 2 end
      hops = hops + 1
      if target >= pos or hops > 127 then R.fail(c, "custom_invalid", field, "compression pointer loop") end
      pos = target
    elseif len >= 0x40 then
      R.fail(c, "custom_invalid", field, "reserved label type")
    elseif len == 0 then
      if wire_end == nil then wire_end = pos + 1 end
      break
    else
      if pos + 1 + len > message_end or (wire_end == nil and pos + 1 + len > c.limit) then
        R.fail(c, "truncated", field, "label runs past the data")
      end
      total = total + len + 1
      if total > 254 then R.fail(c, "custom_invalid", field, "name longer than 255 bytes") end
      local label = {}
      local raw = c.tvb:range(pos + 1, len):raw()
      for i = 1, #raw do
        local b = raw:byte(i)
        if b == 46 or b == 92 then label[#label + 1] = "\\" .. string.char(b)
        elseif b < 0x21 or b > 0x7E then label[#label + 1] = string.format("\\%03d", b)
        else label[#label + 1] = string.char(b) end
      end
      text_parts[#text_parts + 1] = table.concat(label)
      pos = pos + 1 + len
    end
  end
  local text = #text_parts == 0 and "." or table.concat(text_parts, ".")
  local range = c.tvb:range(c.off, wire_end - c.off)
  c.off = wire_end
  if t ~= nil then t:add(pf, range, text) end
  return text
end

-- RFC 4251 section 5: a uint32 length and that many bytes.
local function ssh_string(c, field)
  R.need(c, 4, field)
  local n = c.tvb:range(c.off, 4):uint()
  R.need(c, 4 + n, field)
  return c.tvb:range(c.off, 4 + n), c.tvb:range(c.off + 4, n):raw()
end

local custom = {}
custom["mpl::dns_name"] = function(c, t, pf, field) return dns_name(c, t, pf, field, true) end
custom["mpl::dns_name_uncompressed"] = function(c, t, pf, field) return dns_name(c, t, pf, field, false) end
-- RFC 4251 section 5: names of printable US-ASCII, comma-separated, none empty.
custom["mpl::ssh::name_list"] = function(c, t, pf, field)
  local range, raw = ssh_string(c, field)
  if raw:find("[^\33-\126]") or raw:find(",,", 1, true) or raw:sub(1, 1) == "," or raw:sub(-1) == "," then
    R.fail(c, "custom_invalid", field, "ssh.name_list (not a list of printable names)")
  end
  c.off = c.off + range:len()
  if t ~= nil then t:add(pf, range, raw) end
  return raw
end
custom["mpl::ssh::mpint"] = function(c, t, pf, field)
  local range, raw = ssh_string(c, field)
  if #raw > 0 and (raw:byte(1) == 0 and (#raw == 1 or raw:byte(2) < 0x80)
                   or raw:byte(1) == 0xFF and #raw > 1 and raw:byte(2) >= 0x80) then
    R.fail(c, "custom_invalid", field, "ssh.mpint (not minimally encoded)")
  end
  c.off = c.off + range:len()
  local hex = raw:gsub(".", function(ch) return string.format("%02x", ch:byte()) end)
  if t ~= nil then t:add(pf, range, hex) end
  return hex
end

-- A custom type with no Lua helper ends the dissection with a note.
function R.custom(c, t, pf, cpp_type, field)
  local read = custom[cpp_type]
  if read == nil then
    R.fail(c, "unsupported", field, "custom type " .. cpp_type .. " has no Lua helper")
  end
  return read(c, t, pf, field)
end
)lua";

}  // namespace mplc::lua

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

-- A two's-complement integer of n bytes (int8..int64), as R.uint.
function R.int(c, t, pf, n, le, field)
  R.need(c, n, field)
  local range = c.tvb:range(c.off, n)
  local value
  if n == 8 then
    value = (le and range:le_int64() or range:int64()):tonumber()
  else
    value = le and range:le_int() or range:int()
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

-- The first case label of the top packet names the message in the Info column.
function R.label(c, label)
  if c.depth == 0 and c.info == nil then c.info = label end
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

-- RFC 1035 section 4.1.4, with the checks of the C++ type (mpl/dns.h):
-- a pointer points past the 12-byte header to a name wholly before it, at
-- most 64 pointers, at most 255 bytes. Both DNS types accept pointers
-- (RFC 3597 section 4: receivers decompress every name). Text with the
-- escapes of RFC 1035 section 5.1, as mpldump prints it.
local function dns_name(c, t, pf, field)
  local pos, stop, in_place, hops, length, parts = c.off, math.min(c.limit, c.tvb:len()), nil, 0, 1, {}
  local function overrun()
    if hops == 0 then R.fail(c, "truncated", field, "name runs past the data") end
    R.fail(c, "custom_invalid", field, "compression pointer does not point to a name before it")
  end
  while true do
    if pos >= stop then
      if hops > 0 and pos == stop then R.fail(c, "custom_invalid", field, "compression pointer loop") end
      overrun()
    end
    local b = c.tvb:range(pos, 1):uint()
    if b == 0 then
      if in_place == nil then in_place = pos + 1 - c.off end
      break
    elseif b >= 0xC0 then
      if stop - pos < 2 then overrun() end
      local target = bit32.band(c.tvb:range(pos, 2):uint(), 0x3FFF)
      if in_place == nil then in_place = pos + 2 - c.off end
      if hops == 64 then R.fail(c, "custom_invalid", field, "too many compression pointers") end
      hops = hops + 1
      if target < 12 then R.fail(c, "custom_invalid", field, "compression pointer into the header") end
      if c.base0 + target >= pos then
        R.fail(c, "custom_invalid", field, "compression pointer does not point to a name before it")
      end
      stop = pos
      pos = c.base0 + target
    elseif b >= 0x80 then
      R.fail(c, "custom_invalid", field, "reserved label type")
    elseif b >= 0x40 then
      R.fail(c, "custom_invalid", field, "label longer than 63 bytes")
    else
      if b > stop - pos - 1 then overrun() end
      length = length + 1 + b
      if length > 255 then R.fail(c, "custom_invalid", field, "name longer than 255 bytes") end
      local label = {}
      local raw = c.tvb:range(pos + 1, b):raw()
      for i = 1, #raw do
        local ch = raw:byte(i)
        if ch == 46 or ch == 92 then label[#label + 1] = "\\" .. string.char(ch)
        elseif ch < 0x21 or ch > 0x7E then label[#label + 1] = string.format("\\%03d", ch)
        else label[#label + 1] = string.char(ch) end
      end
      parts[#parts + 1] = table.concat(label)
      pos = pos + 1 + b
    end
  end
  local text = #parts == 0 and "." or table.concat(parts, ".")
  local range = c.tvb:range(c.off, in_place)
  c.off = c.off + in_place
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
custom["mpl::dns_name"] = dns_name
custom["mpl::dns_name_uncompressed"] = dns_name
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

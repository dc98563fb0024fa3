// Constants of a signed field must lie in its range: -128..127 for int8.
packet p {
  a: int8 min(-129);
  b: int16 const(32768);
  c: int8 variant { |-128 -> Low |128 -> High };
}
